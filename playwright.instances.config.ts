import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// Several control-plane instances on one PostgreSQL (e2e/instances): the specs start their own servers on
// E2E_INSTANCE_PORTS (default 3961,3962,3963) against a fresh database on E2E_PG_URL, so there is no webServer.
export default defineConfig({
  ...base,
  testDir: "e2e/instances",
  testIgnore: [],
  webServer: undefined,
  timeout: 120_000,
});
