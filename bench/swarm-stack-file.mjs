// bench/swarm-deploy's peer file: a template interpolated by `docker-compose config` (stdin), turned into a file
// `docker stack deploy` (Docker 20.10, Compose file 3.9) accepts with the same meaning as our swarm driver gives it:
// network_mode host → the external `host` network, mem_limit → deploy.resources.limits.memory, depends_on as a list,
// one-shots (template.json `oneShot`, or others wait for them to complete) with restart_policy none, relative bind mounts made absolute.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";

const dir = process.argv[2];
const doc = parse(readFileSync(0, "utf8"));
const meta = existsSync(join(dir, "template.json")) ? JSON.parse(readFileSync(join(dir, "template.json"), "utf8")) : {};
const oneShots = new Set(
  Object.entries(meta.services ?? {})
    .filter(([, m]) => m.oneShot)
    .map(([name]) => name),
);
for (const s of Object.values(doc.services))
  for (const [t, v] of Object.entries(Array.isArray(s.depends_on) ? {} : (s.depends_on ?? {})))
    if (v?.condition === "service_completed_successfully") oneShots.add(t);
const services = {};
for (const [name, s] of Object.entries(doc.services)) {
  const { network_mode, mem_limit, depends_on, container_name: _name, ...rest } = s;
  const out = { ...rest, deploy: { ...(s.deploy ?? {}) } };
  if (network_mode === "host") out.networks = ["hostnet"];
  if (mem_limit) out.deploy.resources = { limits: { memory: String(mem_limit) } };
  if (oneShots.has(name)) out.deploy.restart_policy = { condition: "none" };
  if (depends_on) out.depends_on = Array.isArray(depends_on) ? depends_on : Object.keys(depends_on);
  if (Array.isArray(out.volumes))
    out.volumes = out.volumes.map((v) =>
      typeof v === "object" && v.type === "bind" ? { ...v, source: resolve(dir, v.source) } : v,
    );
  services[name] = out;
}
process.stdout.write(
  stringify({
    version: "3.9",
    services,
    volumes: doc.volumes ?? {},
    networks: { hostnet: { external: true, name: "host" } },
  }),
);
