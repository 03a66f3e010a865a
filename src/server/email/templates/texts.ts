/**
 * The words of Corridor's emails in the languages it ships (en, de, fr, es, nl). `{name}`-style
 * slots are filled with escaped values per message.
 */

export const MAIL_LANGUAGES = ['en', 'de', 'fr', 'es', 'nl'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export interface MailTexts {
  subjectInvitation: string;
  subjectReminder: string;
  hello: string;
  helloNamed: string;
  intro: string;
  reminderIntro: string;
  tapHint: string;
  start: string;
  orOpen: string;
  expires: string;
  why: string;
  unsubscribe: string;
  ownerSubject: string;
  ownerHeading: string;
  ownerIntro: string;
  account: string;
  contact: string;
  role: string;
  date: string;
  open: string;
  unsubscribePage: { title: string; text: string; button: string; doneTitle: string; doneText: string; unknownTitle: string; unknownText: string };
}

const EN: MailTexts = {
  subjectInvitation: '{company} would like your opinion',
  subjectReminder: 'Reminder: {company} would like your opinion',
  hello: 'Hello,',
  helloNamed: 'Hello {name},',
  intro: '{company} would like to hear how things are going. It takes a minute: {survey}.',
  reminderIntro: 'A short reminder: {company} would still like to hear from you. It takes a minute: {survey}.',
  tapHint: 'Tap a number to answer.',
  start: 'Start the survey',
  orOpen: 'Or open the survey',
  expires: 'This link is personal and works until {date}.',
  why: 'You receive this email because you are a contact of {company}.',
  unsubscribe: 'Unsubscribe',
  ownerSubject: 'Surveys for your accounts in the next {days} days',
  ownerHeading: 'These of your accounts\u2019 contacts will be asked in the next {days} days',
  ownerIntro: 'So that nobody is surprised: Corridor will invite these contacts to a survey. Open an account to see its history.',
  account: 'Account',
  contact: 'Contact',
  role: 'Role',
  date: 'Date',
  open: 'Open',
  unsubscribePage: {
    title: 'Stop receiving surveys from {company}?',
    text: 'You will not be invited to surveys from {company} again.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    doneText: '{company} will not invite you to surveys again.',
    unknownTitle: 'This link does not work',
    unknownText: 'It may be mistyped. Nothing was changed.',
  },
};

export const MAIL_TEXTS: Readonly<Record<MailLanguage, MailTexts>> = {
  en: EN,
  de: {
    subjectInvitation: '{company} bittet um Ihre Meinung',
    subjectReminder: 'Erinnerung: {company} bittet um Ihre Meinung',
    hello: 'Guten Tag,',
    helloNamed: 'Guten Tag {name},',
    intro: '{company} möchte gern wissen, wie es Ihnen geht. Es dauert eine Minute: {survey}.',
    reminderIntro: 'Eine kurze Erinnerung: {company} würde sich über Ihre Antwort freuen. Es dauert eine Minute: {survey}.',
    tapHint: 'Tippen Sie auf eine Zahl, um zu antworten.',
    start: 'Umfrage starten',
    orOpen: 'Oder die Umfrage öffnen',
    expires: 'Dieser Link ist persönlich und gilt bis {date}.',
    why: 'Sie erhalten diese E-Mail, weil Sie ein Kontakt von {company} sind.',
    unsubscribe: 'Abmelden',
    ownerSubject: 'Umfragen für Ihre Kunden in den nächsten {days} Tagen',
    ownerHeading: 'Diese Kontakte Ihrer Kunden werden in den nächsten {days} Tagen befragt',
    ownerIntro: 'Damit niemand überrascht wird: Corridor lädt diese Kontakte zu einer Umfrage ein. Öffnen Sie einen Kunden, um seinen Verlauf zu sehen.',
    account: 'Kunde',
    contact: 'Kontakt',
    role: 'Rolle',
    date: 'Datum',
    open: 'Öffnen',
    unsubscribePage: {
      title: 'Keine Umfragen mehr von {company} erhalten?',
      text: 'Sie werden nicht mehr zu Umfragen von {company} eingeladen.',
      button: 'Abmelden',
      doneTitle: 'Sie sind abgemeldet',
      doneText: '{company} lädt Sie nicht mehr zu Umfragen ein.',
      unknownTitle: 'Dieser Link funktioniert nicht',
      unknownText: 'Vielleicht ist er unvollständig. Es wurde nichts geändert.',
    },
  },
  fr: {
    subjectInvitation: '{company} aimerait avoir votre avis',
    subjectReminder: 'Rappel : {company} aimerait avoir votre avis',
    hello: 'Bonjour,',
    helloNamed: 'Bonjour {name},',
    intro: '{company} aimerait savoir comment les choses se passent. Cela prend une minute : {survey}.',
    reminderIntro: 'Petit rappel : {company} aimerait toujours avoir votre avis. Cela prend une minute : {survey}.',
    tapHint: 'Touchez un chiffre pour répondre.',
    start: 'Commencer le questionnaire',
    orOpen: 'Ou ouvrir le questionnaire',
    expires: 'Ce lien est personnel et fonctionne jusqu\u2019au {date}.',
    why: 'Vous recevez cet e-mail parce que vous êtes un contact de {company}.',
    unsubscribe: 'Se désabonner',
    ownerSubject: 'Questionnaires pour vos comptes dans les {days} prochains jours',
    ownerHeading: 'Ces contacts de vos comptes seront interrogés dans les {days} prochains jours',
    ownerIntro: 'Pour que personne ne soit surpris : Corridor invitera ces contacts à un questionnaire. Ouvrez un compte pour voir son historique.',
    account: 'Compte',
    contact: 'Contact',
    role: 'Rôle',
    date: 'Date',
    open: 'Ouvrir',
    unsubscribePage: {
      title: 'Ne plus recevoir de questionnaires de {company} ?',
      text: 'Vous ne serez plus invité aux questionnaires de {company}.',
      button: 'Se désabonner',
      doneTitle: 'Vous êtes désabonné',
      doneText: '{company} ne vous invitera plus à des questionnaires.',
      unknownTitle: 'Ce lien ne fonctionne pas',
      unknownText: 'Il est peut-être incomplet. Rien n\u2019a été modifié.',
    },
  },
  es: {
    subjectInvitation: '{company} quiere conocer su opinión',
    subjectReminder: 'Recordatorio: {company} quiere conocer su opinión',
    hello: 'Hola:',
    helloNamed: 'Hola, {name}:',
    intro: '{company} quiere saber cómo van las cosas. Solo lleva un minuto: {survey}.',
    reminderIntro: 'Un breve recordatorio: a {company} le gustaría conocer su opinión. Solo lleva un minuto: {survey}.',
    tapHint: 'Toque un número para responder.',
    start: 'Empezar la encuesta',
    orOpen: 'O abra la encuesta',
    expires: 'Este enlace es personal y funciona hasta el {date}.',
    why: 'Recibe este correo porque es un contacto de {company}.',
    unsubscribe: 'Darse de baja',
    ownerSubject: 'Encuestas para sus cuentas en los próximos {days} días',
    ownerHeading: 'Estos contactos de sus cuentas recibirán una encuesta en los próximos {days} días',
    ownerIntro: 'Para que nadie se sorprenda: Corridor invitará a estos contactos a una encuesta. Abra una cuenta para ver su historial.',
    account: 'Cuenta',
    contact: 'Contacto',
    role: 'Función',
    date: 'Fecha',
    open: 'Abrir',
    unsubscribePage: {
      title: '¿Dejar de recibir encuestas de {company}?',
      text: 'No volverá a recibir invitaciones a encuestas de {company}.',
      button: 'Darse de baja',
      doneTitle: 'Se ha dado de baja',
      doneText: '{company} no volverá a invitarle a encuestas.',
      unknownTitle: 'Este enlace no funciona',
      unknownText: 'Puede que esté incompleto. No se ha cambiado nada.',
    },
  },
  nl: {
    subjectInvitation: '{company} hoort graag uw mening',
    subjectReminder: 'Herinnering: {company} hoort graag uw mening',
    hello: 'Beste,',
    helloNamed: 'Beste {name},',
    intro: '{company} hoort graag hoe het gaat. Het kost een minuut: {survey}.',
    reminderIntro: 'Een korte herinnering: {company} hoort nog steeds graag van u. Het kost een minuut: {survey}.',
    tapHint: 'Tik op een cijfer om te antwoorden.',
    start: 'Start de enquête',
    orOpen: 'Of open de enquête',
    expires: 'Deze link is persoonlijk en werkt tot {date}.',
    why: 'U ontvangt deze e-mail omdat u een contactpersoon van {company} bent.',
    unsubscribe: 'Afmelden',
    ownerSubject: 'Enquêtes voor uw klanten in de komende {days} dagen',
    ownerHeading: 'Deze contactpersonen van uw klanten krijgen in de komende {days} dagen een enquête',
    ownerIntro: 'Zodat niemand verrast wordt: Corridor nodigt deze contactpersonen uit voor een enquête. Open een klant om de geschiedenis te zien.',
    account: 'Klant',
    contact: 'Contactpersoon',
    role: 'Rol',
    date: 'Datum',
    open: 'Openen',
    unsubscribePage: {
      title: 'Geen enquêtes meer ontvangen van {company}?',
      text: 'U wordt niet meer uitgenodigd voor enquêtes van {company}.',
      button: 'Afmelden',
      doneTitle: 'U bent afgemeld',
      doneText: '{company} nodigt u niet meer uit voor enquêtes.',
      unknownTitle: 'Deze link werkt niet',
      unknownText: 'Misschien is hij onvolledig. Er is niets veranderd.',
    },
  },
};

/** The shipped language closest to a survey's or contact's language, else English. */
export function mailLanguage(language: string): MailLanguage {
  const base = language.toLowerCase().split('-')[0] ?? '';
  return (MAIL_LANGUAGES as readonly string[]).includes(base) ? (base as MailLanguage) : 'en';
}

/** Fills {slot}s of a text; the values are plain text (the caller escapes the result for HTML). */
export function fillText(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z]+)\}/g, (m, k: string) => values[k] ?? m);
}
