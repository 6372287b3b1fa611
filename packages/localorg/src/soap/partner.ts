import type { App } from '../app.ts';
import type { FaultEffect } from '../controls/faults.ts';
import type { Reply } from '../http/types.ts';
import type { SfRecord } from '../store/record-store.ts';

const ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const PARTNER_NS = 'urn:partner.soap.sforce.com';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_TYPE = 'text/xml;charset=UTF-8';

/**
 * The partner SOAP API (`POST /services/Soap/u/{version}`), as far as REST clients need it: `getUserInfo`,
 * the call that tells a client whether the org is multi-currency and, when it is not, the org's currency
 * (no REST resource or sObject field reports it). The session comes from the envelope's SessionHeader, as
 * in Salesforce; a call counts against the daily allowance like a REST one. Any other operation gets the
 * fault Salesforce's SOAP stack gives an operation it does not know.
 */
export function soapPartner(app: App, body: string, injected?: FaultEffect): Reply {
  const token = /<(?:[\w-]+:)?sessionId>([^<]*)<\/(?:[\w-]+:)?sessionId>/.exec(body)?.[1]?.trim();
  // Injected faults work as on REST: the session ends, or the call fails with the fault's code and status.
  if (token && injected?.expireSession) app.tokens.revoke(token);
  const session = token ? app.tokens.validate(token, app.org.clock.now()) : undefined;
  if (!session) {
    return fault(
      'sf:INVALID_SESSION_ID',
      'INVALID_SESSION_ID',
      'Invalid Session ID found in SessionHeader: Illegal Session',
    );
  }
  if (!app.countApiRequest()) {
    return fault('sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
  }
  if (injected?.error) {
    return fault(
      `sf:${injected.error.errorCode}`,
      injected.error.errorCode,
      injected.error.message,
      injected.error.status,
    );
  }
  const operation = /<(?:[\w-]+:)?Body\b[^>]*>\s*<(?:[\w-]+:)?([\w]+)/.exec(body)?.[1] ?? '';
  if (operation !== 'getUserInfo') {
    return {
      status: 500,
      contentType: XML_TYPE,
      text: envelope(
        '',
        `<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>No operation available for request {${PARTNER_NS}}${escape(operation)}, please check the WSDL for the service.</faultstring></soapenv:Fault>`,
      ),
    };
  }
  const { used, limit } = app.apiUsage();
  return {
    status: 200,
    contentType: XML_TYPE,
    text: envelope(
      `<LimitInfoHeader><limitInfo><current>${used}</current><limit>${limit}</limit><type>API REQUESTS</type></limitInfo></LimitInfoHeader>`,
      `<getUserInfoResponse><result>${elements(userInfo(app, session))}</result></getUserInfoResponse>`,
    ),
  };
}

/**
 * GetUserInfoResult, in the WSDL's element order. Salesforce sets the org currency fields only in a
 * single-currency org and the user's currency only in a multi-currency one.
 */
function userInfo(
  app: App,
  session: { userId: string; issuedAt: number; expiresAt: number },
): Array<[string, string | number | boolean | null]> {
  const org = app.org;
  const user: Partial<SfRecord> = org.store.get('User', session.userId) ?? {};
  const organization: Partial<SfRecord> = org.store.get('Organization', org.orgId) ?? {};
  const multi = org.settings.multiCurrency;
  const currency = org.settings.currencies[0];
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return [
    ['accessibilityMode', false],
    ['chatterExternal', false],
    ['currencySymbol', multi ? null : currencySymbol(currency)],
    ['orgAttachmentFileSizeLimit', 5_242_880],
    ['orgDefaultCurrencyIsoCode', multi ? null : currency],
    ['orgDefaultCurrencyLocale', multi ? null : (CURRENCY_LOCALES[currency] ?? null)],
    ['orgDisallowHtmlAttachments', false],
    ['orgHasPersonAccounts', false],
    ['organizationId', org.orgId],
    ['organizationMultiCurrency', multi],
    ['organizationName', text(organization.Name) ?? 'localorg'],
    ['profileId', text(user.ProfileId) ?? ''],
    ['roleId', null],
    ['sessionSecondsValid', Math.round((session.expiresAt - session.issuedAt) / 1000)],
    ['userDefaultCurrencyIsoCode', multi ? (text(user.DefaultCurrencyIsoCode) ?? currency) : null],
    ['userEmail', text(user.Email) ?? ''],
    ['userFullName', [user.FirstName, user.LastName].filter((p) => typeof p === 'string').join(' ')],
    ['userId', session.userId],
    ['userLanguage', text(user.LanguageLocaleKey) ?? 'en_US'],
    ['userLocale', text(user.LocaleSidKey) ?? 'en_US'],
    ['userName', text(user.Username) ?? ''],
    ['userTimeZone', text(user.TimeZoneSidKey) ?? 'GMT'],
    ['userType', 'Standard'],
    ['userUiSkin', 'Theme3'],
  ];
}

/** The Currency Locale a single-currency org is usually set to for its currency (localorg's reading). */
const CURRENCY_LOCALES: Record<string, string> = {
  USD: 'en_US',
  EUR: 'de_DE',
  GBP: 'en_GB',
  CAD: 'en_CA',
  AUD: 'en_AU',
  CHF: 'de_CH',
  JPY: 'ja_JP',
};

function currencySymbol(code: string): string {
  const part = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' })
    .formatToParts(0)
    .find((p) => p.type === 'currency');
  return part?.value ?? code;
}

function elements(values: Array<[string, string | number | boolean | null]>): string {
  return values
    .map(([name, value]) =>
      value === null ? `<${name} xsi:nil="true"/>` : `<${name}>${escape(String(value))}</${name}>`,
    )
    .join('');
}

function fault(faultCode: string, exceptionCode: string, message: string, status = 500): Reply {
  return {
    // SOAP faults are HTTP 500; a fault injected as an outage keeps its 503.
    status: status === 503 ? 503 : 500,
    contentType: XML_TYPE,
    text: envelope(
      '',
      `<soapenv:Fault><faultcode>${faultCode}</faultcode><faultstring>${exceptionCode}: ${escape(message)}</faultstring>` +
        `<detail><sf:UnexpectedErrorFault xsi:type="sf:UnexpectedErrorFault"><sf:exceptionCode>${exceptionCode}</sf:exceptionCode>` +
        `<sf:exceptionMessage>${escape(message)}</sf:exceptionMessage></sf:UnexpectedErrorFault></detail></soapenv:Fault>`,
    ),
  };
}

function envelope(header: string, body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}" xmlns="${PARTNER_NS}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="${XSI_NS}">` +
    (header ? `<soapenv:Header>${header}</soapenv:Header>` : '') +
    `<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
