// What the Lambda Node.js runtime has loaded before it loads a handler, loaded by each cold-start runner before its
// clock starts: the runtime's Runtime API client requires node:http (aws-lambda-nodejs-runtime-interface-client,
// src/client/rapid-client.ts). So a function that needs it (Middy's util takes http.STATUS_CODES) is not charged
// for it against the empty handler here, as it is not in Lambda.
'use strict';

require('node:http');
