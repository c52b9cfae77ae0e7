// A real SMTP server (the `smtp-server` package) on loopback, recording what it receives.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpBehaviour {
  /** Refuse this recipient with 550 (a mailbox that does not exist). */
  refuseRecipient?: (address: string) => boolean;
  /** Refuse this message after its data with 552 (e.g. too large, or content refused). */
  refuseMessage?: (raw: Buffer) => boolean;
}

export async function startSmtpServer(port = 0, received: ReceivedMail[] = [], behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no STARTTLS offer, so the client does not try its self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No reverse DNS of the client: the sandbox may have no resolver, and loopback needs none.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (behaviour.refuseRecipient?.(address.address)) {
        return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (behaviour.refuseMessage?.(raw)) {
          return callback(Object.assign(new Error('Message refused'), { responseCode: 552 }));
        }
        const envelopeFrom = session.envelope.mailFrom;
        received.push({
          from: envelopeFrom ? envelopeFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as { port: number }).port;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
