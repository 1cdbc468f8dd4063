"use client";
import { Badge } from "@/components/ui/badge";
import { SCOPES, Scope } from "@/server/auth/contract";

/** The vocabulary grouped by capability (the part before the colon), in its declared order. */
const GROUPS = Scope.options.reduce<{ capability: string; scopes: Scope[] }[]>((groups, scope) => {
  const capability = scope.split(":")[0] ?? scope;
  const group = groups.find((g) => g.capability === capability);
  if (group) group.scopes.push(scope);
  else groups.push({ capability, scopes: [scope] });
  return groups;
}, []);

/** Checkboxes for a new token's scopes; none ticked means the token reaches everything its role allows. */
export function ScopePicker({ value, onChange }: { value: Scope[]; onChange: (scopes: Scope[]) => void }) {
  const toggle = (scope: Scope, on: boolean) =>
    onChange(on ? Scope.options.filter((s) => s === scope || value.includes(s)) : value.filter((s) => s !== scope));
  return (
    // Before the button on a phone (tick, then create); below the one-line form row from sm up.
    <fieldset className="sm:order-last sm:col-span-4">
      <legend className="mb-1 text-sm font-medium">Scopes</legend>
      <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">
        Optional. Limit the token to these; none ticked means everything its role allows. Scopes never add to the role.
      </p>
      <div className="grid gap-x-4 gap-y-1.5 sm:grid-cols-3 lg:grid-cols-5">
        {GROUPS.map((g) => (
          <div key={g.capability} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <span className="w-16 text-zinc-600 dark:text-zinc-400">{g.capability}</span>
            {g.scopes.map((scope) => (
              <label key={scope} className="inline-flex items-center gap-1.5" title={SCOPES[scope]}>
                <input
                  type="checkbox"
                  aria-label={scope}
                  className="size-4 accent-indigo-600"
                  checked={value.includes(scope)}
                  onChange={(e) => toggle(scope, e.target.checked)}
                />
                {scope.split(":")[1]}
              </label>
            ))}
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A token's scopes in the list: each one, or that it has its role's full reach. */
export function ScopeBadges({ scopes }: { scopes: readonly Scope[] }) {
  if (scopes.length === 0) return <span className="text-zinc-500 dark:text-zinc-400">all of its role</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {scopes.map((s) => (
        <Badge key={s} tone="violet">
          <span title={SCOPES[s]}>{s}</span>
        </Badge>
      ))}
    </span>
  );
}
