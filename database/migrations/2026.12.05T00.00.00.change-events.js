'use strict';

// The change-events plugin's outbox and delivery log (plugins/change-events/database/outbox-table.js).
module.exports = require('../../plugins/change-events/database/outbox-table');
