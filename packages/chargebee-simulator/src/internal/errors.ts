import type { ChargebeeErrorBody } from '../wire-types';

const JSON_TYPE = 'application/json;charset=utf-8';

/** A JSON response with Chargebee's content type. */
export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set('Content-Type', JSON_TYPE);
  h.set('Cache-Control', 'no-store');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** An error the route code throws; `handle()` renders it in Chargebee's shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string | undefined;
  readonly param: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { type?: string; param?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.type = extra.type;
    this.param = extra.param;
    this.headers = extra.headers ?? {};
  }

  toBody(): ChargebeeErrorBody {
    return {
      message: this.message,
      ...(this.type ? { type: this.type } : {}),
      api_error_code: this.code,
      ...(this.param ? { param: this.param } : {}),
      http_status_code: this.status,
    };
  }

  toResponse(): Response {
    return jsonResponse(this.status, this.toBody(), this.headers);
  }
}

/** 400 param_wrong_value for one parameter, worded like Chargebee (`"email : cannot be blank"`). */
export function paramError(param: string, problem: string): ApiError {
  return new ApiError(400, 'param_wrong_value', `${param} : ${problem}`, {
    type: 'invalid_request',
    param,
  });
}

/** 404 resource_not_found. */
export function notFound(resource: string, id: string): ApiError {
  return new ApiError(
    404,
    'resource_not_found',
    `Sorry, we couldn't find that ${resource} ${id}.`,
    {
      type: 'invalid_request',
    },
  );
}

/** The standard Chargebee error for a status (used by fault injection and fallbacks). */
export function errorForStatus(status: number, retryAfter?: number): ApiError {
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  switch (status) {
    case 400:
      return new ApiError(400, 'invalid_request', 'The request is invalid.', {
        type: 'invalid_request',
        headers,
      });
    case 401:
      return new ApiError(
        401,
        'api_authentication_failed',
        'Sorry, authentication failed. Invalid api key.',
        {
          headers,
        },
      );
    case 403:
      return new ApiError(
        403,
        'api_authorization_failed',
        'Sorry, the operation is not allowed for this api key.',
        {
          headers,
        },
      );
    case 404:
      return new ApiError(404, 'resource_not_found', "Sorry, we couldn't find that resource.", {
        type: 'invalid_request',
        headers,
      });
    case 405:
      return new ApiError(
        405,
        'http_method_not_supported',
        'Sorry, the http method is not supported for this url.',
        {
          headers,
        },
      );
    case 409:
      return new ApiError(
        409,
        'invalid_state_for_request',
        'The resource is not in a state that allows this request.',
        {
          type: 'invalid_request',
          headers,
        },
      );
    case 429:
      return new ApiError(
        429,
        'api_request_limit_exceeded',
        'Sorry, access has been blocked temporarily due to request count exceeding acceptable limits. Please try after some time.',
        { headers: { 'Retry-After': String(retryAfter ?? 1), ...headers } },
      );
    case 503:
      return new ApiError(
        503,
        'internal_temporary_error',
        'Sorry, the server is currently unable to handle the request due to a temporary overload or scheduled maintenance. Please retry after sometime.',
        { headers },
      );
    case 504:
      return new ApiError(
        504,
        'gateway_timeout',
        'The server did not receive a timely response from an upstream server, request aborted.',
        {
          headers,
        },
      );
    default:
      if (status >= 500) {
        return new ApiError(
          status,
          'internal_error',
          'Sorry, something went wrong when trying to process the request. If this problem persists, contact us at support@chargebee.com.',
          { headers },
        );
      }
      return new ApiError(status, 'invalid_request', 'The request could not be processed.', {
        type: 'invalid_request',
        headers,
      });
  }
}
