"use client";

import Ansi from "ansi-to-react";

// ansi-to-react (anser underneath) turns SGR colour codes into styled spans and drops the other CSI controls (cursor
// moves, screen clears); it is the maintained choice rather than a parser of our own. It leaves OSC sequences (window
// titles, OSC 8 hyperlinks) in the text, so we drop those first, keeping the visible text of a link but never a link:
// a log line is untrusted text. Remaining C0 controls (BEL, backspace, …) are dropped too; tabs stay.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
// eslint-disable-next-line no-control-regex -- as above; ESC itself stays for the SGR codes
const CONTROLS = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g;

export function withoutTerminalControls(line: string): string {
  return line.replace(OSC, "").replace(CONTROLS, "");
}

/** One log line with its ANSI colours; never linkified. */
export function LogText({ line }: { line: string }) {
  return <Ansi linkify={false}>{withoutTerminalControls(line)}</Ansi>;
}
