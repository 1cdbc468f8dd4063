import Link from "next/link";

/**
 * One side of a dataset or a job: the datasets it comes from (or goes to), and for a dataset the jobs that move the
 * data; "nothing recorded" when lineage has none.
 */
export function Neighbours({
  title,
  datasets,
  jobs,
}: {
  title: string;
  datasets: { id: string; name: string }[];
  jobs?: { jobId: string; job: string }[];
}) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase text-zinc-500">{title}</h3>
      <ul>
        {datasets.map((u) => (
          <li key={u.id}>
            <Link className="font-mono text-xs hover:underline" href={`/lineage/datasets/${u.id}`}>
              {u.name}
            </Link>
          </li>
        ))}
        {!datasets.length && <li className="text-xs text-zinc-500">nothing recorded</li>}
      </ul>
      {jobs && (
        <ul className="mt-1 text-xs text-zinc-500">
          {jobs.map((p) => (
            <li key={p.jobId}>
              via{" "}
              <Link className="hover:underline" href={`/lineage/jobs/${p.jobId}`}>
                {p.job}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
