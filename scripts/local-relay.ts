// The notifications relay as `npm start` runs it: the SES v2 stand-in on the local stage's SES endpoint
// (test/stand-ins/ses.ts), and the stream poller (stream-poller.ts) reading DynamoDB Local's stream of the assets
// table and invoking each stream consumer inside sls offline, through its Lambda API (the offline Lambda port),
// so that the function runs as sls offline runs every other one: its bundle, its own environment, hot reload.
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { consumersOf } from '../config/settings';
import { tableLogicalId, tableEnvName } from '../config/tables';
import { startSesStandIn, type SesStandIn } from '../test/stand-ins/ses';
import { stageSettings } from './local-settings';
import { startStreamPoller, type StreamPoller } from './stream-poller';

export interface LocalRelay {
  stop(): Promise<void>;
}

type Say = (line: string) => void;

/** Waits until sls offline answers (it invokes nothing before), then invokes `functionName` with each event. */
function offlineInvoker(httpPort: number, lambdaPort: number, functionName: string) {
  let ready: Promise<void> | undefined;
  const waitForOffline = async () => {
    for (;;) {
      const answered = await fetch(`http://127.0.0.1:${httpPort}/health`).then((r) => r.ok, () => false);
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    await (ready ??= waitForOffline());
    const response = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${functionName}/invocations`, {
      method: 'POST',
      body: JSON.stringify(event),
    });
    const payload = (await response.json()) as DynamoDBBatchResponse & { errorMessage?: string };
    if (response.status !== 200 || response.headers.get('x-amz-function-error')) {
      throw new Error(`${functionName} failed: ${payload.errorMessage ?? response.status}`);
    }
    return payload;
  };
}

/**
 * `startingPosition`: TRIM_HORIZON for `npm start`, whose DynamoDB Local is in memory and holds this start's writes
 * only (the seed's too); LATEST where the database is shared with earlier writes (the test run).
 */
export async function startLocalRelay(stage: string, say: Say, startingPosition: 'LATEST' | 'TRIM_HORIZON' = 'TRIM_HORIZON'): Promise<LocalRelay> {
  const settings = stageSettings(stage);
  const { environment, offline } = settings;
  const sesUrl = new URL(environment.SES_ENDPOINT!);
  const standIn: SesStandIn = await startSesStandIn(Number(sesUrl.port), (email) =>
    say(`SES stand-in: email to ${email.to.join(', ')}: "${email.subject}"  (all mail: ${sesUrl.origin}/__stand-in/emails)`),
  );
  const pollers: StreamPoller[] = [];
  const stop = async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await standIn.close();
  };
  try {
    for (const consumer of consumersOf(settings.services)) {
      const functionName = `serverless-api-${stage}-${consumer.functionName}`;
      pollers.push(
        await startStreamPoller({
          consumer,
          tableName: environment[tableEnvName(tableLogicalId(consumer.stream.table))]!,
          endpoint: environment.DYNAMODB_ENDPOINT!,
          region: settings.region,
          startingPosition,
          invoke: offlineInvoker(offline.httpPort, offline.lambdaPort, functionName),
          // Deployed, this goes to the consumer's SQS dead-letter queue; here it is said.
          onDeadLetter: (deadLetter) => say(`dead-letter (${consumer.stream.deadLetterQueue}): ${JSON.stringify(deadLetter)}`),
          onProblem: (problem) => say(`stream poller: ${problem}`),
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  say(`Notifications relay: SES stand-in on ${sesUrl.origin} (mail: ${sesUrl.origin}/__stand-in/emails), polling the stream of ${pollers.length} consumer(s)`);
  return { stop };
}
