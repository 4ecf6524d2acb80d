//! Where the socket and the shell report back: the socket's events and the outcomes of commands, each
//! handed to the concerns it touches. Pure.

use super::{cx, Model};
use crate::core::cmd::{Cmd, Origin, Outcome};
use crate::core::connection::{ConnState, SocketEvent, ERROR_TEXT};
use crate::core::context::Cx;
use crate::core::lens::Dir;
use crate::core::log::EntryKind;
use crate::core::notice::Source;
use crate::core::payload::Payload;
use crate::core::session::outbox::Outbox;
use crate::core::stats::Rates;

impl Model {
    #[inline(never)]
    pub(super) fn on_socket(&mut self, event: SocketEvent, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        match event {
            SocketEvent::Opened { protocol, extensions } => {
                let seen = self.lens.opened(&protocol);
                self.connection.opened(&mut cx, protocol, extensions);
                self.session.reconnect.opened(&mut cx);
                if let Some(problem) = seen.problem {
                    cx.notice(Source::Lens, problem);
                }
                let mut cmds = self.lens_sends(seen.replies, now);
                let queued = self.session.outbox.drain();
                cmds.extend(queued.into_iter().map(|payload| Cmd::Send { payload, origin: Origin::Outbox }));
                let (url, protocols) =
                    (self.connection.url_input.clone(), self.connection.protocols_input.clone());
                self.workspace.opened(&url, &protocols, now);
                let go = self.workspace.sequence.opened(now);
                cmds.extend(self.sequence_sends(go.send, now));
                cmds
            }
            SocketEvent::Message(payload) => {
                // The receive path: no allocation here unless a rule answers or a round trip waits.
                self.stats.in_count += 1;
                self.stats.in_bytes = self.stats.in_bytes.saturating_add(payload.len() as u64);
                self.session.rtt.received(&payload, now);
                let reply = match &payload {
                    Payload::Text(t) if self.connection.state == ConnState::Open => {
                        self.session.replies.answer(t)
                    }
                    _ => None,
                };
                let reply = reply.and_then(|r| self.session.replies.admit(r, &mut cx));
                let go = match &payload {
                    Payload::Text(t) => {
                        self.workspace.received(t);
                        self.workspace.sequence.received(t, now)
                    }
                    Payload::Binary(_) => Default::default(),
                };
                let lens = self.push_frame(Dir::In, payload, now);
                let mut cmds = self.lens_sends(lens, now);
                cmds.extend(self.sequence_sends(go.send, now));
                if let Some(text) = reply {
                    cmds.push(Cmd::Send { payload: Payload::Text(text), origin: Origin::AutoReply });
                }
                cmds
            }
            SocketEvent::Closed { code, reason, clean } => {
                let seq = cx.log.next_seq();
                self.connection.closed(&mut cx, code, reason, clean);
                let (note, said) = self.lens.closed();
                if let Some(note) = note {
                    if matches!(cx.log.by_seq(seq).map(|e| &e.kind), Some(EntryKind::Close(_))) {
                        cx.log.set_note(seq, note);
                    }
                }
                if let Some(info) = said {
                    cx.info(info);
                }
                self.rates = Rates::default();
                self.session.rtt.forget_pending();
                self.session.reconnect.closed(&mut cx);
                self.workspace.sequence.closed();
                let unsent = self.session.outbox.len();
                if self.session.reconnect.at.is_none() && unsent > 0 {
                    let text = format!(
                        "The connection ended with {unsent} queued messages unsent; they stay in the outbox."
                    );
                    cx.notice(Source::Outbox, text);
                }
                vec![Cmd::ReleaseSocket]
            }
            SocketEvent::Errored => {
                cx.log.push(now, EntryKind::Error(ERROR_TEXT.to_owned()));
                Vec::new()
            }
        }
    }

    #[inline(never)]
    pub(super) fn on_outcome(&mut self, outcome: Outcome, now: u64) -> Vec<Cmd> {
        let mut cx = cx!(self, now);
        match outcome {
            Outcome::Sent { payload, origin } => {
                self.stats.out_count += 1;
                self.stats.out_bytes = self.stats.out_bytes.saturating_add(payload.len() as u64);
                self.session.rtt.sent(&payload, now);
                match origin {
                    Origin::Draft => self.composer.sent(&mut cx),
                    Origin::Heartbeat => self.session.heartbeat.sent += 1,
                    Origin::File
                    | Origin::Outbox
                    | Origin::AutoReply
                    | Origin::Lens(_)
                    | Origin::Library
                    | Origin::Sequence => {}
                }
                self.push_frame(Dir::Out, payload, now);
            }
            Outcome::SendFailed { error, payload, origin } => {
                send_failed(&mut self.session.outbox, &mut cx, error, payload, origin);
            }
            Outcome::OpenFailed { conn, error } if conn == self.connection.conn => {
                self.connection.open_failed(&mut cx, &error);
            }
            Outcome::OpenFailed { .. } => {}
            Outcome::CloseFailed { error } => self.connection.close_failed(&mut cx, &error),
            Outcome::CopyFailed { error } => self.inspector.copy_failed(&mut cx, &error),
            Outcome::DownloadFailed { error } => self.inspector.download_failed(&mut cx, &error),
            Outcome::ExportSaved => self.logbook.export_ended(None, &mut cx),
            Outcome::ExportFailed { error } => self.logbook.export_ended(Some(&error), &mut cx),
        }
        Vec::new()
    }
}

/// Says what was not sent; a queued message goes back to the outbox.
fn send_failed(outbox: &mut Outbox, cx: &mut Cx, error: String, payload: Payload, origin: Origin) {
    let (source, text) = match origin {
        Origin::Outbox => {
            outbox.push_back_uncapped(payload);
            (Source::Outbox, format!("A queued message was not sent ({error}); it stays in the outbox."))
        }
        Origin::Draft => {
            (Source::Composer, format!("The message was not sent: {error}. It stays in the composer."))
        }
        Origin::File => (Source::Composer, format!("The file was not sent: {error}.")),
        Origin::Heartbeat => (Source::Heartbeat, format!("The heartbeat was not sent: {error}.")),
        Origin::AutoReply => (Source::AutoReply, format!("An auto-reply was not sent: {error}.")),
        Origin::Lens(_) => (Source::Lens, format!("The protocol lens's message was not sent: {error}.")),
        Origin::Library | Origin::Sequence => {
            (Source::Workspace, format!("The library message was not sent: {error}."))
        }
    };
    cx.notice(source, text);
}
