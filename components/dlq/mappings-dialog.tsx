"use client";
import { Plus, Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/field";
import { Spinner } from "@/components/ui/states";
import { useMappings, usePutMappings } from "./queries";

/** Edits the DLQ's source → original topic mapping (the seed's format names only a source). */
export function MappingsDialog({
  topic,
  open,
  onClose,
  canEdit,
}: {
  topic: string;
  open: boolean;
  onClose: () => void;
  canEdit: boolean;
}) {
  const m = useMappings(topic);
  const put = usePutMappings(topic);
  const [rows, setRows] = useState<{ source: string; targetTopic: string }[]>([]);
  useEffect(() => {
    if (open && m.data) setRows(m.data.mappings.map((x) => ({ source: x.source, targetTopic: x.targetTopic })));
  }, [open, m.data]);
  const save = () =>
    put.mutate(
      rows.filter((r) => r.source && r.targetTopic),
      {
        onSuccess: () => {
          toast.success("Mapping saved");
          onClose();
        },
        onError: (e) => toast.error(e.message),
      },
    );
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Source → topic mapping"
      footer={
        canEdit ? (
          <>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={save} disabled={put.isPending}>
              Save
            </Button>
          </>
        ) : (
          <Button onClick={onClose}>Close</Button>
        )
      }
    >
      <p className="mb-3 text-zinc-600 dark:text-zinc-400">
        Messages in the seed&apos;s DLQ format name only their <code>source</code>. Say which topic each source stands
        for, so they can be replayed there.
      </p>
      {m.isPending ? (
        <Spinner />
      ) : (
        <div className="space-y-2">
          {rows.map((r, i) => (
            <div key={i} className="flex gap-2">
              <Input
                aria-label="Source"
                placeholder="source (e.g. api)"
                value={r.source}
                disabled={!canEdit}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)))}
              />
              <Input
                aria-label="Topic"
                placeholder="topic"
                value={r.targetTopic}
                disabled={!canEdit}
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, targetTopic: e.target.value } : x)))}
              />
              {canEdit && (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label="Remove"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  <Trash2 className="size-4" />
                </Button>
              )}
            </div>
          ))}
          {rows.length === 0 && <p className="text-xs text-zinc-500">No mapping yet.</p>}
          {canEdit && (
            <Button variant="secondary" size="sm" onClick={() => setRows([...rows, { source: "", targetTopic: "" }])}>
              <Plus className="size-4" aria-hidden /> Add
            </Button>
          )}
        </div>
      )}
    </Dialog>
  );
}
