// CloudWatch alarms for a stage, all notifying one SNS topic whose subscribers come from the account file:
//   per function: Errors, Throttles, and p99 Duration over the stage's thresholds;
//   per table: read and write throttle events.
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

/** The alarms of `functionNames` (keys of `functions`) and `tableIds` (logical ids), to `subscribers`. */
export function alarmResources(
  alarms: Thresholds | null,
  functionNames: string[],
  tableIds: string[],
  subscribers: string[],
  prefix: string,
): Resources {
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
  return resources;
}
