<?php
// Stand-in for the shop's checkout, API and admin services (PHP's built-in server).
$service = getenv('SHOP_SERVICE') ?: 'service';
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
function db(): PDO {
  return new PDO(sprintf('mysql:host=%s;port=%s;dbname=%s', getenv('DB_HOST'), getenv('DB_PORT'), getenv('DB_NAME')), getenv('DB_USER'), getenv('DB_PASSWORD'), [PDO::ATTR_TIMEOUT => 2, PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
}
if ($path === '/healthz') {
  try {
    if (getenv('DB_HOST')) db()->query('SELECT 1');
    echo "ok\n";
  } catch (Throwable $e) {
    http_response_code(503);
    error_log("$service: database: " . $e->getMessage());
    echo "database: " . $e->getMessage() . "\n";
  }
  return true;
}
if ($path === '/metrics') {
  header('Content-Type: text/plain; version=0.0.4');
  echo "# HELP shop_up The shop stand-in is up.\n# TYPE shop_up gauge\nshop_up{service=\"$service\"} 1\n";
  return true;
}
header("X-Shop-Service: $service");
echo "<html><body><h1>$service stand-in</h1></body></html>\n";
return true;
