DROP TABLE timeline_entries;
DROP TABLE incident_tags;
DROP TABLE incidents;
DROP TABLE client_external_refs;
DROP TABLE clients;
