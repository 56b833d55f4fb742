DROP TABLE finder_examples;
