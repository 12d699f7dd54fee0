import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A software authenticator for Workers tests (issue 18: bad input is tested
 * with forged WebAuthn payloads, not only through a browser). It makes real
 * ES256 credentials with WebCrypto and answers `create` and `get` the way
 * @simplewebauthn/browser encodes a browser's answer, and each answer can be
 * bent: another origin, another RP id, another challenge, a bad signature.
 */

export interface Ceremony {
  challenge: string;
  origin?: string;
  rpId?: string;
}

const encoder = new TextEncoder();

/** The parts one after another, in a buffer of its own (what WebCrypto and the CBOR encoder take). */
function concat(parts: readonly ArrayLike<number>[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** A DER integer from an unsigned big-endian number. */
function derInteger(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let body = concat([bytes.subarray(start)]);
  if (body[0]! & 0x80) body = concat([new Uint8Array([0]), body]);
  return concat([new Uint8Array([0x02, body.length]), body]);
}

/** WebCrypto signs ECDSA as r||s; WebAuthn carries it as an ASN.1 DER sequence. */
function derSignature(raw: Uint8Array): Uint8Array<ArrayBuffer> {
  const r = derInteger(raw.slice(0, 32));
  const s = derInteger(raw.slice(32));
  return concat([new Uint8Array([0x30, r.length + s.length]), r, s]);
}

export class SoftAuthenticator {
  counter = 0;

  private constructor(
    readonly credentialId: string,
    readonly keys: CryptoKeyPair,
    readonly rpId: string,
    readonly origin: string,
  ) {}

  static async create(
    rpId = "quire.test",
    origin = "http://quire.test",
  ): Promise<SoftAuthenticator> {
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const id = isoBase64URL.fromBuffer(crypto.getRandomValues(new Uint8Array(32)));
    return new SoftAuthenticator(id, keys, rpId, origin);
  }

  #clientData(type: string, ceremony: Ceremony): Uint8Array<ArrayBuffer> {
    return concat([
      encoder.encode(
        JSON.stringify({
          type,
          challenge: ceremony.challenge,
          origin: ceremony.origin ?? this.origin,
          crossOrigin: false,
        }),
      ),
    ]);
  }

  /** The answer to `navigator.credentials.create` for `options.challenge`. */
  async register(ceremony: Ceremony) {
    const jwk = (await crypto.subtle.exportKey("jwk", this.keys.publicKey)) as JsonWebKey;
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, concat([isoBase64URL.toBuffer(jwk.x!)])],
      [-3, concat([isoBase64URL.toBuffer(jwk.y!)])],
    ]);
    const credentialId = concat([isoBase64URL.toBuffer(this.credentialId)]);
    const idLength = new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]);
    const authData = concat([
      await sha256(concat([encoder.encode(ceremony.rpId ?? this.rpId)])),
      new Uint8Array([0x45]), // user present, user verified, attested credential data
      uint32(this.counter),
      new Uint8Array(16), // AAGUID: none
      idLength,
      credentialId,
      isoCBOR.encode(coseKey as Parameters<typeof isoCBOR.encode>[0]),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, never> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, never>()],
        ["authData", authData],
      ]) as Parameters<typeof isoCBOR.encode>[0],
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(this.#clientData("webauthn.create", ceremony)),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
    };
  }

  /** The answer to `navigator.credentials.get`; `badSignature` flips a byte of what is signed. */
  async signIn(ceremony: Ceremony & { badSignature?: boolean }) {
    this.counter += 1;
    const authData = concat([
      await sha256(concat([encoder.encode(ceremony.rpId ?? this.rpId)])),
      new Uint8Array([0x05]), // user present, user verified
      uint32(this.counter),
    ]);
    const clientData = this.#clientData("webauthn.get", ceremony);
    const signed = concat([authData, await sha256(clientData)]);
    if (ceremony.badSignature) signed[0] = signed[0]! ^ 0xff;
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, signed),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientData),
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(derSignature(raw)),
      },
      clientExtensionResults: {},
    };
  }
}
