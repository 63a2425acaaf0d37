<?php
// /startup, /readiness, /liveness of the proxy stand-in: ready when the instance answers.
$s = @fsockopen('cloud-sql', 3306, $errno, $errstr, 1);
if ($s) { fclose($s); echo "ok\n"; } else { http_response_code(503); echo "instance unreachable: $errstr\n"; }
return true;
