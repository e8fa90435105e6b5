//! `mediafabric`: the command-line tool of the mediafabric SDK.
//!
//! ```text
//! mediafabric decode tests/data/linux-vxlan-4789.pcap            # one JSON object per packet
//! mediafabric decode --format text capture.pcapng                # one readable line per packet
//! mediafabric decode --vxlan-port 8888 capture.pcap | jq .layers
//! mediafabric igmp state --json capture.pcap                    # multicast membership a router learns
//! ```
//!
//! The binary is organised so that every subcommand reuses the same parts:
//!
//! * [`capture`]: streams packets out of pcap and pcapng files (formats, interfaces,
//!   timestamps, damage reported with byte offsets);
//! * [`time`]: exact integer timestamps and their nine-decimal printing;
//! * [`output`]: the JSON Lines and text formats;
//! * [`progress`]: the progress bar on standard error;
//! * [`failure`]: errors and exit codes;
//! * [`commands`]: one module per subcommand.
//!
//! Exit codes are listed in [`failure`]: 0 success, 1 output error, 2 usage error,
//! 3 unreadable or non-capture input, 4 capture damaged partway.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod capture;
mod commands;
mod failure;
mod output;
mod progress;
mod time;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mediafabric: tools for broadcast-media networks (VXLAN, PTP, SMPTE ST 2110, IGMP).
#[derive(Debug, Parser)]
#[command(name = "mediafabric", version)]
#[command(propagate_version = true, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Decode every packet of a pcap or pcapng capture, layer by layer.
    ///
    /// Prints one line per packet: by default a JSON object with the packet's index,
    /// capture time (seconds since the Unix epoch, exactly nine decimals), wire length,
    /// its layers as mediafabric decodes them (Ethernet, Linux cooked capture, VLAN,
    /// ARP, IPv4, IPv6, UDP, TCP, ICMP, VXLAN and the frame inside), and an "error"
    /// object when a layer could not be read.
    Decode(commands::decode::DecodeArgs),
    /// IGMP and MLD: replay a capture through a router (`igmp state`).
    Igmp(commands::igmp::IgmpArgs),
    /// SMPTE ST 2110-20 video: schedule, packetize, depacketize, analyze.
    St2110(commands::st2110::St2110Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Decode(args) => commands::decode::run(args),
        Command::Igmp(args) => commands::igmp::run(args),
        Command::St2110(args) => commands::st2110::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.is_quiet() {
                // If even standard error is gone there is no one left to tell.
                let _ = writeln!(std::io::stderr(), "mediafabric: {failure}");
            }
            failure.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn decode_options_add_ports() {
        let cli = Cli::try_parse_from([
            "mediafabric",
            "decode",
            "--vxlan-port",
            "8888",
            "--vxlan-port",
            "4789",
            "--gpe-port",
            "9999",
            "f.pcap",
        ])
        .unwrap();
        let Command::Decode(args) = cli.command else {
            panic!("not decode")
        };
        let o = args.options();
        assert_eq!(o.vxlan_ports, [4789, 8472, 8888]);
        assert_eq!(o.gpe_ports, [4790, 9999]);
        assert_eq!(args.format, output::OutputFormat::Jsonl);
    }

    #[test]
    fn port_zero_is_refused() {
        assert!(Cli::try_parse_from(["mediafabric", "decode", "--vxlan-port", "0", "f"]).is_err());
    }
}
