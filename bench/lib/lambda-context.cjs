// The Lambda context object a handler gets, for the bench's own function processes (cold-start-runner.cjs,
// function-host.cjs): plain CommonJS, loaded before the handler so that it costs nothing the handler is timed for.
'use strict';

function lambdaContext(event, functionName = 'bench') {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench',
    memoryLimitInMB: '512',
    awsRequestId: event.requestContext.requestId,
    logGroupName: '/aws/lambda/bench',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => 10000,
  };
}

module.exports = { lambdaContext };
