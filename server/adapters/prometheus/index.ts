// Prometheus' HTTP query API: range queries answered as our series type.
import "server-only";
export { queryRange, type PrometheusSeries } from "./query-range.ts";
