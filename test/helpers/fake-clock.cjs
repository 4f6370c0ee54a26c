// Preloaded (node --require) into a render to move its clock: Date says FAKE_NOW, whatever the time.
const FAKE_NOW = Date.parse('2038-01-19T03:14:08.000Z');
const RealDate = Date;
class FakeDate extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [FAKE_NOW]));
  }
  static now() {
    return FAKE_NOW;
  }
}
globalThis.Date = FakeDate;
module.exports = { FAKE_NOW, RealDate };
