"use client";
import { LogOut, Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useLogout, useSession } from "@/components/auth/queries";
import { setSigningOut } from "@/components/data/api-fetch";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/states";
import { isActive, NAV } from "./nav";
import { ThemeToggle } from "./theme-toggle";

function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-0.5 px-3 py-4">
      {NAV.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-500",
              active
                ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300"
                : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

function Brand() {
  return (
    <Link
      href="/"
      className="flex items-center gap-2 px-5 py-4 focus-visible:outline-2 focus-visible:outline-indigo-500"
    >
      <span className="grid size-7 place-items-center rounded-md bg-indigo-600 text-xs font-bold text-white">N</span>
      <span className="text-sm font-semibold leading-tight">Nexus Control Plane</span>
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 flex-col border-r border-zinc-200 bg-white md:flex dark:border-zinc-800 dark:bg-zinc-900">
        <Brand />
        <Sidebar />
      </aside>
      {open && <MobileNav onClose={() => setOpen(false)} />}
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar onMenu={() => setOpen(true)} />
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 md:px-8">
          {session.isPending ? <Spinner label="Checking your session…" /> : children}
        </main>
      </div>
    </div>
  );
}

/** The sidebar as a drawer on narrow screens. */
function MobileNav({ onClose }: { onClose: () => void }) {
  return (
    <div className="fixed inset-0 z-40 md:hidden" role="dialog" aria-modal="true" aria-label="Navigation">
      <div className="absolute inset-0 bg-black/40" onClick={onClose} />
      <aside className="absolute inset-y-0 left-0 flex w-64 flex-col bg-white shadow-xl dark:bg-zinc-900">
        <div className="flex items-center justify-between pr-3">
          <Brand />
          <button
            type="button"
            aria-label="Close navigation"
            title="Close navigation"
            onClick={onClose}
            className="rounded p-1.5 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <X className="size-4" />
          </button>
        </div>
        <Sidebar onNavigate={onClose} />
      </aside>
    </div>
  );
}

function TopBar({ onMenu }: { onMenu: () => void }) {
  const session = useSession();
  const logout = useLogout();
  // A full page load: no query of the signed-out session survives to refetch and bounce back.
  const signOut = () => {
    setSigningOut(true);
    logout.mutate(undefined, {
      onSuccess: (r) => window.location.replace(r?.endSessionUrl ?? "/login"),
      onError: (e) => {
        setSigningOut(false);
        toast.error(`Sign-out failed: ${e.message}`);
      },
    });
  };
  return (
    <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-4 backdrop-blur md:px-6 dark:border-zinc-800 dark:bg-zinc-900/90">
      <button
        type="button"
        aria-label="Open navigation"
        title="Open navigation"
        onClick={onMenu}
        className="rounded p-1.5 hover:bg-zinc-100 md:hidden dark:hover:bg-zinc-800"
      >
        <Menu className="size-5" />
      </button>
      <div className="flex-1" />
      <ThemeToggle />
      {session.data && (
        <div className="flex items-center gap-2 text-sm" data-testid="current-user">
          <span className="font-medium">{session.data.user.username}</span>
          <Badge
            tone={
              session.data.user.role === "admin" ? "violet" : session.data.user.role === "operator" ? "blue" : "neutral"
            }
          >
            {session.data.user.role}
          </Badge>
        </div>
      )}
      <button
        type="button"
        onClick={signOut}
        disabled={logout.isPending}
        aria-label="Sign out"
        title="Sign out"
        className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <LogOut className="size-4" aria-hidden /> <span className="hidden sm:inline">Sign out</span>
      </button>
    </header>
  );
}
