// The baseline process of bench/scale.js: N requests with c workers over raw node:http keep-alive
// sockets to the loopback server, and nothing else (no parse, no engine, no artifact).
//   node bench/scale-floor.js BASE_URL N C
const http = require('node:http');

const [baseURL, n, c] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const agent = new http.Agent({ keepAlive: true, maxSockets: c });

function send(i) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({
      model: 'bench',
      messages: [{ role: 'user', content: `Say hello to Person${i}.` }],
    });
    const request = http.request(
      `${baseURL}/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve(JSON.parse(text)));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

let next = 0;
Promise.all(
  Array.from({ length: c }, async () => {
    while (next < n) await send(next++);
  }),
).then(() => agent.destroy());
