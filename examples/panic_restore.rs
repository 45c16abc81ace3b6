//! Sets the terminal up as the facilitator's screen does, then panics on purpose. The
//! end-to-end test runs it in tmux and checks the terminal comes back: normal screen, no
//! raw mode, no mouse reporting.

fn main() {
    let mut terminal = convene::tui::init_terminal().expect("a terminal");
    terminal
        .draw(|f| f.render_widget(ratatui::widgets::Paragraph::new("about to panic"), f.area()))
        .expect("draw");
    std::thread::sleep(std::time::Duration::from_millis(300));
    panic!("deliberate panic: the terminal must be restored");
}
