<?php
// Stand-in for the shop's PHP application: a session in the sessions Redis, rows in MySQL (in the tables the migration Job made).
ini_set('session.save_handler', 'redis');
ini_set('session.save_path', 'tcp://' . (getenv('SESSION_REDIS_HOST') ?: 'redis-sessions') . ':6379');
session_start();
if (isset($_GET['remember'])) { $_SESSION['remembered'] = $_GET['remember']; }
$_SESSION['visits'] = ($_SESSION['visits'] ?? 0) + 1;
$db = new PDO(sprintf('mysql:host=%s;port=%s;dbname=%s', getenv('DB_HOST'), getenv('DB_PORT'), getenv('DB_NAME')), getenv('DB_USER'), getenv('DB_PASSWORD'), [PDO::ATTR_TIMEOUT => 3, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
// The tables are the migration Job's (bin/migrate.php): without it this page fails.
$schema = $db->query('SELECT MAX(version) FROM schema_migrations')->fetchColumn();
$db->exec('INSERT INTO page_views () VALUES ()');
$views = $db->query('SELECT COUNT(*) FROM page_views')->fetchColumn();
header('X-Shop-Page: php-fpm stand-in');
echo "<html><body><h1>shop stand-in</h1>\n";
echo "<p>environment: " . htmlspecialchars(getenv('SHOP_ENVIRONMENT') ?: '?') . "</p>\n";
echo "<p>visits in this session: {$_SESSION['visits']}</p>\n";
echo "<p>remembered: " . htmlspecialchars($_SESSION['remembered'] ?? '') . "</p>\n";
echo "<p>schema: " . htmlspecialchars((string) $schema) . "</p>\n";
echo "<p>page views in MySQL: $views</p>\n</body></html>\n";
