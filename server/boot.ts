import "server-only";
import { ConfigError, getConfig } from "./config.ts";
import { installFastRoutes, type FastRoutes, type MethodGuard } from "./fast-routes.mjs";
import { loadSpecValidators } from "./lineage/index.ts";
import { getLogger } from "./log.ts";
import { getRuntime } from "./runtime.ts";

/**
 * Start-up from instrumentation.ts: a bad configuration or an unusable database ends the process. Once the runtime
 * is up, the production server answers the fast routes with the given handlers and refuses methods with the guard
 * (both from the HTTP layer, which the entry point hands in: this layer does not import it).
 */
export async function bootOrExit(fast: { routes: FastRoutes; refuseMethod: MethodGuard }): Promise<void> {
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
    getLogger().fatal(
      { err: e },
      "start-up failed: the OpenLineage event schema (server/lineage/openlineage-spec.ts) does not compile",
    );
    process.exit(1);
  }
  installFastRoutes(fast.routes, getConfig().bodyLimitBytes, fast.refuseMethod);
}
