<?php
// wsaudit test kit: a WebSocket echo server in plain PHP CLI (stream_socket_server + stream_select).
//
// This is NOT a PHP WebSocket library: none is installable on the build machine (packagist is not
// reachable), so this is a small RFC 6455 server of our own. Its handshake checks follow, in order,
// those of Ratchet's negotiator (ratchetphp/RFC6455 src/Handshake/ServerNegotiator.php): 405 for a
// method other than GET, 505 for an HTTP version below 1.1, 426 without `Upgrade: websocket`, 400
// without an `upgrade` token in Connection, 400 for a bad Sec-WebSocket-Key, 426 for a version
// other than 13. Where a real PHP server differs, it is not measured here:
// - Swoole answers an HTTP/1.0 upgrade with 101 and then closes the connection at once (the
//   report this project starts from); this server refuses it with 505, as Ratchet does.
// - Swoole can close idle connections itself (heartbeat_check_interval / heartbeat_idle_time,
//   off by default); Ratchet and this server never do.
// - No extensions (permessage-deflate), no subprotocols, no UTF-8 validation of text frames,
//   one process and one thread.
//
// It listens on 127.0.0.1 on a port the system picks (or --port N), prints `READY port=N` once it
// serves (the line the test kit's launchers wait for), echoes text and binary messages (fragmented
// ones reassembled), answers pings with pongs and close frames with a close. Nothing is printed
// per frame. stdin: `exit` ends the process.

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const MAX_HEAD = 16384;

$port = 0;
$i = array_search('--port', $argv, true);
if ($i !== false && isset($argv[$i + 1])) {
    $port = (int) $argv[$i + 1];
}

$server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
if ($server === false) {
    fwrite(STDERR, "listen failed: $errstr\n");
    exit(1);
}
$name = stream_socket_get_name($server, false);
echo 'READY port=' . substr($name, strrpos($name, ':') + 1) . "\n";

// Per connection: its socket, bytes read and not yet used, whether the handshake is done, and the
// message being reassembled from fragments.
$conns = [];

function respond_and_close($sock, int $status, string $reason, array $headers = []): void
{
    $head = "HTTP/1.1 $status $reason\r\n";
    foreach ($headers as $k => $v) {
        $head .= "$k: $v\r\n";
    }
    fwrite($sock, $head . "Content-Length: 0\r\nConnection: close\r\n\r\n");
    fclose($sock);
}

/** The handshake's answer for one request head: [status, reason, headers]. */
function handshake(string $head): array
{
    $lines = explode("\r\n", $head);
    $parts = explode(' ', array_shift($lines));
    if (count($parts) !== 3) {
        return [400, 'Bad Request', []];
    }
    [$method, , $version] = $parts;
    $h = [];
    foreach ($lines as $line) {
        $colon = strpos($line, ':');
        if ($colon === false) {
            continue;
        }
        $key = strtolower(trim(substr($line, 0, $colon)));
        $value = trim(substr($line, $colon + 1));
        $h[$key] = isset($h[$key]) ? $h[$key] . ', ' . $value : $value;
    }
    $upgradeSuggestion = ['Connection' => 'Upgrade', 'Upgrade' => 'websocket', 'Sec-WebSocket-Version' => '13'];
    if ($method !== 'GET') {
        return [405, 'Method Not Allowed', ['Allow' => 'GET']];
    }
    if (!preg_match('#^HTTP/(\d+)\.(\d+)$#', $version, $v) || ((int) $v[1] * 10 + (int) $v[2]) < 11) {
        return [505, 'HTTP Version Not Supported', []];
    }
    if (strtolower($h['upgrade'] ?? '') !== 'websocket') {
        return [426, 'Upgrade Required', $upgradeSuggestion];
    }
    $tokens = array_map('trim', explode(',', strtolower($h['connection'] ?? '')));
    if (!in_array('upgrade', $tokens, true)) {
        return [400, 'Bad Request', []];
    }
    $key = $h['sec-websocket-key'] ?? '';
    $decoded = base64_decode($key, true);
    if ($decoded === false || strlen($decoded) !== 16) {
        return [400, 'Bad Request', []];
    }
    if (($h['sec-websocket-version'] ?? '') !== '13') {
        return [426, 'Upgrade Required', $upgradeSuggestion];
    }
    $accept = base64_encode(sha1($key . GUID, true));
    return [101, 'Switching Protocols', ['Upgrade' => 'websocket', 'Connection' => 'Upgrade', 'Sec-WebSocket-Accept' => $accept]];
}

function frame(int $opcode, string $payload): string
{
    $len = strlen($payload);
    if ($len < 126) {
        return chr(0x80 | $opcode) . chr($len) . $payload;
    }
    if ($len < 65536) {
        return chr(0x80 | $opcode) . chr(126) . pack('n', $len) . $payload;
    }
    return chr(0x80 | $opcode) . chr(127) . pack('J', $len) . $payload;
}

/**
 * Takes every complete frame off the front of $c['buf'] and answers it; false once the connection
 * is to be closed.
 */
function serve_frames(array &$c): bool
{
    while (true) {
        $buf = $c['buf'];
        if (strlen($buf) < 2) {
            return true;
        }
        $b0 = ord($buf[0]);
        $b1 = ord($buf[1]);
        $fin = ($b0 & 0x80) !== 0;
        $opcode = $b0 & 0x0F;
        $masked = ($b1 & 0x80) !== 0;
        $len = $b1 & 0x7F;
        $at = 2;
        if ($len === 126) {
            if (strlen($buf) < 4) {
                return true;
            }
            $len = unpack('n', substr($buf, 2, 2))[1];
            $at = 4;
        } elseif ($len === 127) {
            if (strlen($buf) < 10) {
                return true;
            }
            $len = unpack('J', substr($buf, 2, 8))[1];
            $at = 10;
        }
        if (!$masked) {
            // RFC 6455 5.1: a server closes on an unmasked client frame (1002 protocol error).
            fwrite($c['sock'], frame(0x8, pack('n', 1002)));
            return false;
        }
        if (strlen($buf) < $at + 4 + $len) {
            return true;
        }
        $mask = substr($buf, $at, 4);
        $data = substr($buf, $at + 4, $len);
        $c['buf'] = substr($buf, $at + 4 + $len);
        $payload = $data ^ str_repeat($mask, intdiv($len, 4) + 1);
        $payload = substr($payload, 0, $len);
        switch ($opcode) {
            case 0x0:
            case 0x1:
            case 0x2:
                if ($opcode !== 0x0) {
                    $c['opcode'] = $opcode;
                    $c['message'] = '';
                }
                $c['message'] .= $payload;
                if ($fin) {
                    fwrite($c['sock'], frame($c['opcode'], $c['message']));
                    $c['message'] = '';
                }
                break;
            case 0x8:
                // Echo the status code back (none if the peer sent none), then close.
                fwrite($c['sock'], frame(0x8, substr($payload, 0, 2)));
                return false;
            case 0x9:
                fwrite($c['sock'], frame(0xA, $payload));
                break;
            case 0xA:
                break;
            default:
                fwrite($c['sock'], frame(0x8, pack('n', 1002)));
                return false;
        }
    }
}

$stdin = STDIN;
while (true) {
    $read = [$server, $stdin];
    foreach ($conns as $c) {
        $read[] = $c['sock'];
    }
    $write = null;
    $except = null;
    if (stream_select($read, $write, $except, null) === false) {
        break;
    }
    foreach ($read as $r) {
        if ($r === $server) {
            $sock = @stream_socket_accept($server, 0);
            if ($sock !== false) {
                $conns[(int) $sock] = ['sock' => $sock, 'buf' => '', 'open' => false, 'opcode' => 0x1, 'message' => ''];
            }
            continue;
        }
        if ($r === $stdin) {
            $line = fgets($stdin);
            if ($line === false || trim($line) === 'exit') {
                exit(0);
            }
            continue;
        }
        $id = (int) $r;
        $chunk = fread($r, 65536);
        if ($chunk === '' || $chunk === false) {
            // The peer closed (FIN or reset) without a close frame.
            fclose($r);
            unset($conns[$id]);
            continue;
        }
        $conns[$id]['buf'] .= $chunk;
        if (!$conns[$id]['open']) {
            $end = strpos($conns[$id]['buf'], "\r\n\r\n");
            if ($end === false) {
                if (strlen($conns[$id]['buf']) > MAX_HEAD) {
                    respond_and_close($r, 431, 'Request Header Fields Too Large');
                    unset($conns[$id]);
                }
                continue;
            }
            [$status, $reason, $headers] = handshake(substr($conns[$id]['buf'], 0, $end));
            if ($status !== 101) {
                respond_and_close($r, $status, $reason, $headers);
                unset($conns[$id]);
                continue;
            }
            $head = "HTTP/1.1 101 Switching Protocols\r\n";
            foreach ($headers as $k => $v) {
                $head .= "$k: $v\r\n";
            }
            fwrite($r, $head . "\r\n");
            $conns[$id]['open'] = true;
            $conns[$id]['buf'] = substr($conns[$id]['buf'], $end + 4);
        }
        if (!serve_frames($conns[$id])) {
            fclose($r);
            unset($conns[$id]);
        }
    }
}
