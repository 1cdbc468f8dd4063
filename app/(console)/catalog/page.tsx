import type { Metadata } from "next";
import { Suspense } from "react";
import { CatalogPage } from "@/components/catalog/catalog-page";
import { Spinner } from "@/components/ui/states";

export const metadata: Metadata = { title: "Catalog" };

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <CatalogPage />
    </Suspense>
  );
}
