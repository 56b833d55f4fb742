DROP TABLE at_risk_episodes;
DROP TABLE client_contacts;
