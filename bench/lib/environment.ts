// What the benchmark runs against: `sls offline start --stage test` (which starts DynamoDB Local and creates
// the tables, the same path as `npm start` and the test run) on ports of its own, plus a stand-in for the
// internet upstreams on 127.0.0.1. In-process measurements use the same DynamoDB Local.
import { localSettings, type StageSettings } from '../../scripts/local-settings';
import { startOffline } from '../../scripts/offline-server';
import { startPokemonUpstreams } from '../../test/stand-ins/pokemon-upstreams';

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

/** Starts the upstream stand-in and sls offline, and gives this process the stage's environment. Call it
 * before anything reads the stage's settings: they are computed once, with the ports set here. */
export async function startEnvironment(logFile: string): Promise<BenchEnvironment> {
  const httpPort = Number(process.env.BENCH_OFFLINE_PORT || Number(process.env.OFFLINE_PORT || 3100) + PORT_OFFSET);
  const dynamodbPort = Number(process.env.BENCH_DYNAMODB_PORT || Number(process.env.DYNAMODB_PORT || 8100) + PORT_OFFSET);
  // The test run's stand-in for PokeAPI and FunTranslations (it always knows charizard, the bench's species).
  const upstreams = await startPokemonUpstreams();
  const upstreamUrl = upstreams.url;
  Object.assign(process.env, {
    OFFLINE_PORT: String(httpPort),
    OFFLINE_LAMBDA_PORT: String(httpPort + 1),
    DYNAMODB_PORT: String(dynamodbPort),
    ...upstreams.environment,
  });
  const settings = localSettings(BENCH_STAGE);
  const baseUrl = `http://127.0.0.1:${settings.offline.httpPort}`;

  let offline;
  try {
    offline = await startOffline({ stage: BENCH_STAGE, baseUrl, logFile });
  } catch (error) {
    await upstreams.close();
    throw error;
  }
  const stop = async () => {
    await upstreams.close();
    await offline.stop();
  };
  return { settings, baseUrl, upstreamUrl, stop };
}
