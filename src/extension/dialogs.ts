import * as vscode from 'vscode';

/** A modal question: what it says, and the buttons besides Cancel. */
export interface Question {
  message: string;
  detail?: string;
  choices: readonly string[];
}

export type Answerer = (question: Question) => string | undefined;

/**
 * The modal questions the extension asks (run anyway, promote anyway) go through here, so that
 * an in-editor test can answer them as a person would, and see what they said: a real modal
 * waits for a click that a test cannot give.
 */
export class Dialogs {
  private answerer: Answerer | undefined;

  /** A modal warning; the choice picked, or undefined for Cancel. */
  async ask(message: string, detail: string | undefined, ...choices: string[]) {
    const question: Question = { message, ...(detail ? { detail } : {}), choices };
    if (this.answerer) return this.answerer(question);
    return vscode.window.showWarningMessage(
      message,
      { modal: true, ...(detail ? { detail } : {}) },
      ...choices,
    );
  }

  /** For tests: answer every question with `answerer` until the returned disposable is disposed. */
  answerWith(answerer: Answerer): vscode.Disposable {
    this.answerer = answerer;
    return new vscode.Disposable(() => {
      if (this.answerer === answerer) this.answerer = undefined;
    });
  }
}
