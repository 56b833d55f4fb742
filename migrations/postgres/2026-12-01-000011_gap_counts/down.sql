DROP TRIGGER gap_counts_actions ON actions;
DROP TRIGGER gap_counts_repeats ON incident_repeats;
DROP TRIGGER gap_counts_gaps ON retrospective_gaps;
DROP FUNCTION gap_counts_change();
DROP TABLE gap_count_changes;
DROP TABLE gap_counts;
