"""Device files and app exports read into plain records (``model``), one reader per format,
and the format told from a file's content (``detect``). No database: the import service
(``fitcoach.services.imports``) maps names, checks and stores."""
