'use strict';
// autocannon setupRequest for the keyed API scenario: a new Idempotency-Key on every request.
// CommonJS, because autocannon's worker thread loads it with require().
let n = 0;
const prefix = `bench-${process.pid}-${Date.now().toString(36)}-`;
module.exports = function setupRequest(req) {
  n += 1;
  return { ...req, headers: { ...req.headers, 'idempotency-key': prefix + n } };
};
