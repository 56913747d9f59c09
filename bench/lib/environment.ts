// What the benchmark runs against: `sls offline start --stage test` (which starts DynamoDB Local and creates
// the tables, the same path as `npm start` and the test run) on ports of its own, plus a stand-in for the
// internet upstreams on 127.0.0.1. In-process measurements use the same DynamoDB Local.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localSettings, type StageSettings } from '../../scripts/local-settings';
import { startOffline } from '../../scripts/offline-server';

export const BENCH_STAGE = 'test';
/** The bench's servers listen this far above the ports of the test stage (or of OFFLINE_PORT /
 * DYNAMODB_PORT), so that `npm run bench` and `npm test` can run side by side. */
const PORT_OFFSET = 6;

export interface BenchEnvironment {
  settings: StageSettings;
  baseUrl: string;
  upstreamUrl: string;
  stop(): Promise<void>;
}

/** A stand-in for PokeAPI and FunTranslations: every species exists, every translation succeeds. */
async function startUpstreams(): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const species = /\/pokemon-species\/([^/?]+)/.exec(request.url ?? '')?.[1];
    response.setHeader('content-type', 'application/json');
    if (request.method === 'GET' && species) {
      const name = /^\d+$/.test(species) ? 'charizard' : decodeURIComponent(species);
      const text = `${name} spits fire that\nis hot enough to melt\fboulders.`;
      response.end(JSON.stringify({ id: 6, name, flavor_text_entries: [{ flavor_text: text, language: { name: 'en' } }] }));
      return;
    }
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const text = new URLSearchParams(body).get('text') ?? '';
      response.end(JSON.stringify({ success: { total: 1 }, contents: { translated: `Hark! ${text}`, text } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Starts the upstream stand-in and sls offline, and gives this process the stage's environment. Call it
 * before anything reads the stage's settings: they are computed once, with the ports set here. */
export async function startEnvironment(logFile: string): Promise<BenchEnvironment> {
  const httpPort = Number(process.env.BENCH_OFFLINE_PORT || Number(process.env.OFFLINE_PORT || 3100) + PORT_OFFSET);
  const dynamodbPort = Number(process.env.BENCH_DYNAMODB_PORT || Number(process.env.DYNAMODB_PORT || 8100) + PORT_OFFSET);
  const upstreams = await startUpstreams();
  const upstreamUrl = `http://127.0.0.1:${(upstreams.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    OFFLINE_PORT: String(httpPort),
    OFFLINE_LAMBDA_PORT: String(httpPort + 1),
    DYNAMODB_PORT: String(dynamodbPort),
    POKEAPI_URL: `${upstreamUrl}/api/v2`,
    SHAKESPEARE_URL: upstreamUrl,
  });
  const settings = localSettings(BENCH_STAGE);
  const baseUrl = `http://127.0.0.1:${settings.offline.httpPort}`;

  let offline;
  try {
    offline = await startOffline({ stage: BENCH_STAGE, baseUrl, logFile });
  } catch (error) {
    upstreams.close();
    throw error;
  }
  const stop = async () => {
    upstreams.close();
    await offline.stop();
  };
  return { settings, baseUrl, upstreamUrl, stop };
}
