// Stand-in for @matrix-org/matrix-sdk-crypto-nodejs (see package.json): matrix-bot-sdk requires it at load time but
// only uses it for end-to-end encryption, which the appservice test does not enable. Every export is a class that
// refuses to be used, so an accidental E2EE code path fails loudly instead of doing nothing.
"use strict";

function unavailable(name) {
  const fail = () => {
    throw new Error(`@matrix-org/matrix-sdk-crypto-nodejs is stubbed in this test project (no E2EE): ${name} used`);
  };
  return new Proxy(class {}, { construct: fail, apply: fail, get: (target, key) => (key in target ? target[key] : fail()) });
}

module.exports = new Proxy(
  {},
  {
    get(target, key) {
      if (typeof key !== "string" || key === "__esModule" || key === "then" || key === "default") return undefined;
      return unavailable(key);
    },
  },
);
