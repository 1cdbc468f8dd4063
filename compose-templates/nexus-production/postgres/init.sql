-- Databases beside the Iceberg catalog (the seed's init script used CREATE DATABASE IF NOT EXISTS, which
-- PostgreSQL does not have, and granted to a role that did not exist, so initdb aborted). The JDBC catalog
-- creates its own tables (iceberg_tables, iceberg_namespace_properties) on first use.
CREATE DATABASE openmetadata_db OWNER iceberg;
CREATE DATABASE hive_metastore OWNER iceberg;
CREATE DATABASE nessie OWNER iceberg;
-- The control plane's own database (service control-plane, profile control-plane); it migrates it at start.
CREATE DATABASE nexus OWNER iceberg;
