<?php
// Stand-in for the shop's schema migration (the MigrationJob's command): creates the tables the page
// uses and records the schema version. The page creates no table itself, so it only works once this
// Job has run against the same database. Any failure is an uncaught exception: exit code 255.
$db = new PDO(sprintf('mysql:host=%s;port=%s;dbname=%s', getenv('DB_HOST'), getenv('DB_PORT'), getenv('DB_NAME')), getenv('DB_USER'), getenv('DB_PASSWORD'), [PDO::ATTR_TIMEOUT => 5, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
$db->exec('CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(64) PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)');
$db->exec('CREATE TABLE IF NOT EXISTS page_views (id INT AUTO_INCREMENT PRIMARY KEY, at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)');
$db->exec("INSERT IGNORE INTO schema_migrations (version) VALUES ('boot-1')");
fwrite(STDOUT, 'migrated ' . getenv('DB_NAME') . ' on ' . getenv('DB_HOST') . ':' . getenv('DB_PORT') . " to schema boot-1\n");
