// The bodies of the swarm-only operations (client-safe: zod only).
import { z } from "zod";
import { StackNameParams } from "../contract.ts";

export const ServiceNameParams = StackNameParams.extend({
  service: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "a service name"),
});
export const ScaleBody = z.object({ replicas: z.number().int().min(0).max(100) });
/** A rolling update: a new image and/or environment variables to set; neither restarts every task with the same spec. */
export const RollingUpdateBody = z.object({
  image: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[a-z0-9][a-z0-9._/:@-]*$/, "an image reference")
    .optional(),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "an environment variable name"), z.string().max(4096))
    .refine((e) => Object.keys(e).length <= 50, "at most 50 variables")
    .optional(),
});
