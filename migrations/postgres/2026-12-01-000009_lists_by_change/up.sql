-- A CRM catches up with `updated_since` and `sort=updated_at`: each list it syncs reads its
-- changed rows in (updated_at, id) order from an index rather than scanning the table.
CREATE INDEX clients_updated ON clients (updated_at, id);
CREATE INDEX incidents_updated ON incidents (updated_at, id);
CREATE INDEX actions_updated ON actions (updated_at, id);
