import {
  Activity,
  Bell,
  Boxes,
  Database,
  DatabaseBackup,
  Gauge,
  Inbox,
  LayoutDashboard,
  Settings,
  Workflow,
  type LucideIcon,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon };

export const NAV: NavItem[] = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/stack", label: "Stack", icon: Boxes },
  { href: "/dlq", label: "DLQ", icon: Inbox },
  { href: "/lineage", label: "Lineage", icon: Workflow },
  { href: "/catalog", label: "Catalog", icon: Database },
  { href: "/quality", label: "Quality", icon: Gauge },
  { href: "/health", label: "Health", icon: Activity },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/backups", label: "Backups", icon: DatabaseBackup },
  { href: "/settings", label: "Settings", icon: Settings },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
