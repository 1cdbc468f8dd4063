import "server-only";

/**
 * JSON.parse, with snapshot ids kept as strings: they are int64 and lose digits as JavaScript numbers
 * (5207027113192542157 reads back as …2160). Only unquoted values of these keys change; a key inside a string value
 * is escaped (`\"snapshot-id\"`) and never matches.
 */
export function parseCatalogJson(text: string): unknown {
  return JSON.parse(text.replace(/"((?:parent-|current-)?snapshot-id)"(\s*):(\s*)(-?\d+)/g, '"$1"$2:$3"$4"'));
}
