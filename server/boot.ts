import "server-only";
import { ConfigError, getConfig } from "./config.ts";
import { installFastRoutes } from "./http/fast-routes.ts";
import { loadSpecValidators } from "./lineage/openlineage-schema.ts";
import { getLogger } from "./log.ts";
import { getRuntime } from "./runtime.ts";

/** Start-up from instrumentation.ts: a bad configuration or an unusable database ends the process. */
export async function bootOrExit(): Promise<void> {
  try {
    getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`\n${e.message}\n\nFix the variable(s) above and start again.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  try {
    await getRuntime();
  } catch (e) {
    getLogger().fatal({ err: e }, "start-up failed");
    process.exit(1);
  }
  try {
    loadSpecValidators();
  } catch (e) {
    getLogger().fatal({ err: e }, "start-up failed: the OpenLineage event schema (server/lineage/openlineage-spec.ts) does not compile");
    process.exit(1);
  }
  installFastRoutes();
}
