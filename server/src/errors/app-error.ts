/**
 * The one error type that crosses a boundary. `code` is stable (clients switch on it);
 * `message` is for people; `fields` names the inputs at fault.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(code: string, message: string, fields?: FieldProblem[]) {
    return new AppError(400, code, message, fields);
  }
  static unauthorized(message = 'authentication required') {
    return new AppError(401, 'auth.unauthenticated', message);
  }
  static forbidden(code: string, message: string) {
    return new AppError(403, code, message);
  }
  static notFound(code: string, message: string) {
    return new AppError(404, code, message);
  }
  static conflict(code: string, message: string) {
    return new AppError(409, code, message);
  }
  static unprocessable(code: string, message: string, fields?: FieldProblem[]) {
    return new AppError(422, code, message, fields);
  }
}
