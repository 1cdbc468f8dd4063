import pg from "pg";

let counter = 0;

/** Creates an empty database on the suite's throwaway PostgreSQL server and returns its URL. */
export async function createFreshPostgresDatabase(baseUrl: string, label: string): Promise<string> {
  const name = `nexus_${label}_${process.pid}_${Date.now()}_${counter++}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
