// Loads the DynamoDB client and its document client before a cold-start sample's clock starts (NODE_OPTIONS=--require),
// for the cold-start section's "own init" figures: a function and its bare floor, both with the SDK already loaded,
// differ by our code alone, without the SDK's 80-100 ms load and the spread that comes with it.
'use strict';

require('@aws-sdk/client-dynamodb');
require('@aws-sdk/lib-dynamodb');
