// CloudWatch alarms for a stage, all notifying one SNS topic whose subscribers come from the account file:
//   per function: Errors, Throttles, and p99 Duration over the stage's thresholds;
//   per table: read and write throttle events;
//   per stream consumer: its stream's iterator age (records waiting too long) and any message in its dead-letter queue.
// A stage without `alarms` in its YAML (local, test, dev) gets none.
import { pascal, type CfnResource, type Resources } from './cloudformation';
import type { StageConfig } from './stages';

const TOPIC = 'AlarmTopic';

type Thresholds = NonNullable<StageConfig['alarms']>;

interface AlarmSpec {
  description: string;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: unknown }[];
  threshold: number;
  statistic?: string;
  extendedStatistic?: string;
  periodSeconds: number;
}

function alarm({ description, namespace, metricName, dimensions, threshold, statistic, extendedStatistic, periodSeconds }: AlarmSpec): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      Namespace: namespace,
      MetricName: metricName,
      Dimensions: dimensions,
      ...(extendedStatistic ? { ExtendedStatistic: extendedStatistic } : { Statistic: statistic }),
      Period: periodSeconds,
      EvaluationPeriods: 1,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: TOPIC }],
      OKActions: [{ Ref: TOPIC }],
    },
  };
}

export interface Alarmed {
  /** Keys of `functions`. */
  functionNames: string[];
  /** Logical ids of the tables. */
  tableIds: string[];
  /** The functions fed by a stream, and the logical id of each one's dead-letter queue. */
  streamConsumers: { functionName: string; deadLetterQueue: string }[];
  /** Who the alarms email. */
  subscribers: string[];
  prefix: string;
}

/** The alarms of a stage's functions, tables and stream consumers, to its subscribers. */
export function alarmResources(alarms: Thresholds | null, { functionNames, tableIds, streamConsumers, subscribers, prefix }: Alarmed): Resources {
  if (!alarms) return {};
  const resources: Resources = {
    [TOPIC]: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: `${prefix}-alarms`,
        Subscription: subscribers.map((address) => ({ Protocol: 'email', Endpoint: address })),
      },
    },
  };
  const { periodSeconds } = alarms;
  for (const name of functionNames) {
    const dimensions = [{ Name: 'FunctionName', Value: { Ref: `${pascal(name)}LambdaFunction` } }];
    const common = { namespace: 'AWS/Lambda', dimensions, periodSeconds };
    resources[`${pascal(name)}ErrorsAlarm`] = alarm({
      ...common,
      description: `${name}: ${alarms.errors} or more errors in ${periodSeconds} s`,
      metricName: 'Errors',
      statistic: 'Sum',
      threshold: alarms.errors,
    });
    resources[`${pascal(name)}ThrottlesAlarm`] = alarm({
      ...common,
      description: `${name}: ${alarms.throttles} or more throttled invocations in ${periodSeconds} s`,
      metricName: 'Throttles',
      statistic: 'Sum',
      threshold: alarms.throttles,
    });
    resources[`${pascal(name)}DurationAlarm`] = alarm({
      ...common,
      description: `${name}: p99 duration at or over ${alarms.p99DurationMs} ms`,
      metricName: 'Duration',
      extendedStatistic: 'p99',
      threshold: alarms.p99DurationMs,
    });
  }
  for (const tableId of tableIds) {
    for (const metricName of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      resources[`${tableId}${metricName}Alarm`] = alarm({
        description: `${tableId}: ${alarms.tableThrottles} or more ${metricName} in ${periodSeconds} s`,
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensions: [{ Name: 'TableName', Value: { Ref: tableId } }],
        statistic: 'Sum',
        threshold: alarms.tableThrottles,
        periodSeconds,
      });
    }
  }
  for (const { functionName, deadLetterQueue } of streamConsumers) {
    resources[`${pascal(functionName)}IteratorAgeAlarm`] = alarm({
      description: `${functionName}: its stream's oldest record waited ${alarms.streamIteratorAgeMs} ms or more`,
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensions: [{ Name: 'FunctionName', Value: { Ref: `${pascal(functionName)}LambdaFunction` } }],
      statistic: 'Maximum',
      threshold: alarms.streamIteratorAgeMs,
      periodSeconds,
    });
    resources[`${deadLetterQueue}Alarm`] = alarm({
      description: `${functionName}: a batch it could not process is in its dead-letter queue ${deadLetterQueue}`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
      statistic: 'Maximum',
      threshold: 1,
      periodSeconds,
    });
  }
  return resources;
}
