// The stream consumer's alarms: where the stage file asks for alarms, its stream's iterator age and its dead-letter queue.
import { stageSettings } from '../../../scripts/local-settings';

describe('the notifications relay alarms', () => {
  it.each(['staging', 'prod'])('%s: an alarm on the stream iterator age and one on any message in the dead-letter queue', (stage) => {
    const { resources, stageConfig } = stageSettings(stage);
    expect(resources.Resources.DeliverNotificationsIteratorAgeAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'DeliverNotificationsLambdaFunction' } }],
      Statistic: 'Maximum',
      Threshold: stageConfig.alarms!.streamIteratorAgeMs,
      AlarmActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(resources.Resources.DeliverNotificationsDeadLetterQueueAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['DeliverNotificationsDeadLetterQueue', 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each(['local', 'test', 'dev'])('%s: none', (stage) => {
    const ids = Object.keys(stageSettings(stage).resources.Resources);
    expect(ids.filter((id) => id.endsWith('Alarm'))).toEqual([]);
  });
});
