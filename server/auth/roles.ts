// The role order lives in contract.ts, which the UI imports too; server code keeps importing it from here.
import "server-only";
export { hasRole, lowerRole } from "./contract.ts";
