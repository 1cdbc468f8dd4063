import { describe, expect, it } from "vitest";
import { AppError, NotFoundError } from "./errors.ts";

describe("AppError across bundles", () => {
  it("recognises an error made by another copy of the module by its brand, and keeps subclass checks exact", async () => {
    // A second instance of the module, as Next.js makes for instrumentation and each route.
    const url = new URL(`./errors.ts?copy=${Date.now()}`, import.meta.url).href;
    const other = (await import(/* @vite-ignore */ url)) as typeof import("./errors.ts");
    expect(other.AppError).not.toBe(AppError);
    const foreign = new other.NotFoundError("topic x does not exist");
    expect(foreign instanceof AppError).toBe(true);
    expect(new NotFoundError("y") instanceof AppError).toBe(true);
    expect(new Error("plain") instanceof AppError).toBe(false);
    expect(foreign instanceof NotFoundError).toBe(false);
    expect(new NotFoundError("z") instanceof NotFoundError).toBe(true);
  });
});
