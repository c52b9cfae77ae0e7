import type { Translate } from '../../i18n/index.ts';
import type { SummaryLabels } from './schema.ts';

/** The encrypted summary's labels, from the UI strings of the submitter's language. */
export function summaryLabels(t: Translate): SummaryLabels {
  return {
    subject: t('summary.subject'),
    title: t('summary.title'),
    receipt: t('summary.receipt'),
    submittedAt: t('summary.submittedAt'),
    encryptedIn: { browser: t('summary.encryptedIn.browser'), relay: t('summary.encryptedIn.relay') },
    fields: {
      affectedType: t('field.affectedType'),
      affected: t('field.affected'),
      whatHappened: t('field.whatHappened'),
      whenDate: t('field.whenDate'),
      whenText: t('field.whenText'),
      country: t('field.country'),
      locality: t('field.locality'),
      perpetratorType: t('field.perpetratorType'),
      perpetrator: t('field.perpetrator'),
      consequences: t('field.consequences'),
      stepsTaken: t('field.stepsTaken'),
      consent: t('field.consent'),
      replyChannel: t('field.replyChannel'),
    },
    options: {
      affectedType: { person: t('field.affectedType.person'), group: t('field.affectedType.group') },
      perpetratorType: {
        state: t('field.perpetratorType.state'),
        'non-state': t('field.perpetratorType.non-state'),
        unknown: t('field.perpetratorType.unknown'),
      },
      consent: { named: t('field.consent.named'), anonymised: t('field.consent.anonymised'), none: t('field.consent.none') },
    },
    notGiven: t('summary.notGiven'),
    attachments: t('summary.attachments'),
    noAttachments: t('summary.noAttachments'),
    metadataRemoved: t('summary.metadataRemoved'),
    originalKept: t('summary.originalKept'),
    notCleanable: t('summary.notCleanable'),
    metadataCategories: {
      location: t('meta.location'),
      device: t('meta.device'),
      date: t('meta.date'),
      owner: t('meta.owner'),
      software: t('meta.software'),
      other: t('meta.other'),
    },
  };
}
