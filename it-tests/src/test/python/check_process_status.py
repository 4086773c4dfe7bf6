#!/usr/bin/env python3
"""Checks the process and application status API of running nodes against compat/xmlrpc.md 3, 4.3-4.7 and 5.1.

Usage:
  check_process_status.py [--identifiers id1,...] [--managed a,b] [--unmanaged c,d] URL [URL ...]
  check_process_status.py --initialization URL [URL ...]

URL is a node XML-RPC endpoint, e.g. http://127.0.0.1:61003/RPC2.

Default mode (nodes in DEPLOYMENT, OPERATION or CONCILIATION): get_all_applications_info, get_application_info,
get_application_rules, get_all_process_info, get_process_info ('g:p' and 'g:*'), get_process_rules, get_conflicts,
get_all_local_process_info, get_local_process_info: exact keys and types of every result; BAD_NAME (10) texts for
unknown applications and processes; INCORRECT_PARAMETERS (2) for a wrong number of parameters.

--initialization (nodes in INITIALIZATION, e.g. synchro_options=USER): every method guarded by
_check_from_deployment answers BAD_SUPVISORS_STATE (101) with the exact text; the unguarded ones answer.

Prints one line per problem and exits 1 if there is any, 0 otherwise.
"""

import argparse
import os
import sys
import xmlrpc.client

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_status import Checker, STATE_KEYS  # noqa: E402

APPLICATION_STATES = ['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'DELETED']
PROCESS_STATES = {0: 'STOPPED', 10: 'STARTING', 20: 'RUNNING', 30: 'BACKOFF', 40: 'STOPPING', 100: 'EXITED',
                  200: 'FATAL', 1000: 'UNKNOWN'}
RUNNING_STATES = ('STARTING', 'RUNNING', 'BACKOFF')
DISTRIBUTIONS = ['ALL_INSTANCES', 'SINGLE_INSTANCE', 'SINGLE_NODE']
STARTING_STRATEGIES = ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']
STARTING_FAILURE_STRATEGIES = ['ABORT', 'STOP', 'CONTINUE']
RUNNING_FAILURE_STRATEGIES = ['CONTINUE', 'RESTART_PROCESS', 'STOP_APPLICATION', 'RESTART_APPLICATION', 'SHUTDOWN',
                              'RESTART']

# compat/xmlrpc.md 4.3
APPLICATION_KEYS = {'application_name': str, 'managed': bool, 'statecode': int, 'statename': str,
                    'major_failure': bool, 'minor_failure': bool}
# compat/xmlrpc.md 4.4
MANAGED_RULES_KEYS = {'managed': bool, 'distribution': str, 'identifiers': list, 'start_sequence': int,
                      'stop_sequence': int, 'starting_strategy': str, 'starting_failure_strategy': str,
                      'running_failure_strategy': str, 'application_name': str}
UNMANAGED_RULES_KEYS = {'managed': bool, 'application_name': str}
# compat/xmlrpc.md 4.5
PROCESS_KEYS = {'application_name': str, 'process_name': str, 'statecode': int, 'statename': str,
                'expected_exit': bool, 'last_event_time': float, 'identifiers': list, 'extra_args': str}
# compat/xmlrpc.md 4.6
PROCESS_RULES_KEYS = {'identifiers': list, 'start_sequence': int, 'stop_sequence': int, 'required': bool,
                      'wait_exit': bool, 'expected_loading': int, 'starting_failure_strategy': str,
                      'running_failure_strategy': str, 'application_name': str, 'process_name': str}
# compat/xmlrpc.md 4.7
LOCAL_PROCESS_KEYS = {'name': str, 'group': str, 'state': int, 'statename': str, 'start': int, 'stop': int,
                      'now': float, 'pid': int, 'description': str, 'spawnerr': str, 'expected': bool,
                      'startsecs': int, 'stopwaitsecs': int, 'extra_args': str, 'disabled': bool,
                      'program_name': str, 'process_index': int}

# compat/xmlrpc.md 3: methods guarded by _check_from_deployment, with valid parameters.
FROM_DEPLOYMENT_TEXT = ("BAD_SUPVISORS_STATE: Supvisors (state=%s) not in state "
                        "['DEPLOYMENT', 'OPERATION', 'CONCILIATION', 'RESTARTING', 'SHUTTING_DOWN'] "
                        "to perform request")

UNKNOWN_APPLICATION = 'no_such_application'
UNKNOWN_PROCESS = 'no_such_process'


def namespec(group, name):
    return name if group == name else '%s:%s' % (group, name)


class ProcessChecker(Checker):

    def strings(self, where, value):
        if type(value) is not list or not all(type(item) is str for item in value):
            self.fail(where, 'array of strings expected, got %r' % (value,))
            return False
        return True

    def enum(self, where, value, key, names):
        if value.get(key) not in names:
            self.fail(where, '%s=%r not in %s' % (key, value.get(key), names))

    def fault_text(self, where, expected_code, expected_text, call):
        try:
            result = call()
        except xmlrpc.client.Fault as fault:
            if fault.faultCode != expected_code:
                self.fail(where, 'fault %d expected, got %d %r' % (expected_code, fault.faultCode,
                                                                     fault.faultString))
            elif expected_text is not None and fault.faultString != expected_text:
                self.fail(where, 'fault text %r expected, got %r' % (expected_text, fault.faultString))
            return
        except (OSError, xmlrpc.client.ProtocolError) as error:
            self.fail(where, 'fault %d expected, got %s' % (expected_code, error))
            return
        self.fail(where, 'fault %d expected, got result %r' % (expected_code, result))

    def process_struct(self, where, info, identifiers):
        if not self.struct(where, info, PROCESS_KEYS):
            return False
        code, name = info['statecode'], info['statename']
        if PROCESS_STATES.get(code) != name:
            self.fail(where, 'statecode=%r does not match statename=%r' % (code, name))
        if self.strings(where + ' identifiers', info['identifiers']):
            if identifiers and not set(info['identifiers']) <= set(identifiers):
                self.fail(where, 'unknown identifiers in %r' % info['identifiers'])
            if len(set(info['identifiers'])) != len(info['identifiers']):
                self.fail(where, 'duplicate identifiers in %r' % info['identifiers'])
            # behaviour.md 5.1: a process running somewhere has a running state (or STOPPING).
            if info['identifiers'] and name not in RUNNING_STATES + ('STOPPING',):
                self.fail(where, 'running on %r but %s' % (info['identifiers'], name))
            if not info['identifiers'] and name in RUNNING_STATES:
                self.fail(where, '%s but running nowhere' % name)
        return True


def check_node(checker, url, identifiers, managed, unmanaged):
    supvisors = xmlrpc.client.ServerProxy(url).supvisors

    # 4.3 applications
    applications = supvisors.get_all_applications_info()
    where = url + ' get_all_applications_info'
    applications = checker.array(where, applications)
    names = []
    for info in applications:
        item = '%s[%s]' % (where, info.get('application_name') if isinstance(info, dict) else '?')
        if checker.struct(item, info, APPLICATION_KEYS):
            names.append(info['application_name'])
            checker.code_and_name(item, info, 'statecode', 'statename', APPLICATION_STATES)
            if info['statecode'] == 4:
                checker.fail(item, 'DELETED only appears in events')
            if not info['managed'] and (info['statename'] != 'STOPPED' or info['major_failure']
                                        or info['minor_failure']):
                checker.fail(item, 'unmanaged application: STOPPED without failure expected (behaviour 6.1)')
    if len(set(names)) != len(names):
        checker.fail(where, 'duplicate applications in %s' % names)
    for name in managed + unmanaged:
        if name not in names:
            checker.fail(where, 'application %r missing' % name)
    for info in applications:
        if isinstance(info, dict) and info.get('application_name') in managed + unmanaged:
            expected = info['application_name'] in managed
            if info.get('managed') is not expected:
                checker.fail(where, '%s: managed=%r expected' % (info['application_name'], expected))

    for name in names:
        where = '%s get_application_info(%r)' % (url, name)
        info = supvisors.get_application_info(name)
        if checker.struct(where, info, APPLICATION_KEYS):
            checker.code_and_name(where, info, 'statecode', 'statename', APPLICATION_STATES)
            if info['application_name'] != name:
                checker.fail(where, 'application_name %r' % info['application_name'])
        # 4.4 rules
        where = '%s get_application_rules(%r)' % (url, name)
        rules = supvisors.get_application_rules(name)
        if not isinstance(rules, dict):
            checker.fail(where, 'struct expected, got %r' % (rules,))
        elif rules.get('managed') is True:
            if checker.struct(where, rules, MANAGED_RULES_KEYS):
                checker.enum(where, rules, 'distribution', DISTRIBUTIONS)
                checker.enum(where, rules, 'starting_strategy', STARTING_STRATEGIES)
                checker.enum(where, rules, 'starting_failure_strategy', STARTING_FAILURE_STRATEGIES)
                checker.enum(where, rules, 'running_failure_strategy', RUNNING_FAILURE_STRATEGIES)
                checker.strings(where + ' identifiers', rules['identifiers'])
                if rules['start_sequence'] < 0 or rules['stop_sequence'] < 0:
                    checker.fail(where, 'negative sequence')
        else:
            checker.struct(where, rules, UNMANAGED_RULES_KEYS)
        if isinstance(rules, dict) and isinstance(info, dict) and rules.get('managed') != info.get('managed'):
            checker.fail(where, 'managed=%r but get_application_info says %r' % (rules.get('managed'),
                                                                                 info.get('managed')))
        if isinstance(rules, dict) and rules.get('application_name') != name:
            checker.fail(where, 'application_name %r' % rules.get('application_name'))

    # 4.5 processes
    processes = supvisors.get_all_process_info()
    where = url + ' get_all_process_info'
    processes = checker.array(where, processes)
    groups = {}
    for info in processes:
        item = '%s[%s:%s]' % (where, info.get('application_name'), info.get('process_name'))
        if checker.process_struct(item, info, identifiers):
            groups.setdefault(info['application_name'], []).append(info['process_name'])
    order = [(info.get('application_name'), info.get('process_name')) for info in processes if isinstance(info, dict)]
    if order != sorted(order):
        checker.fail(where, 'not sorted by application then process name: %s' % order)
    if 'supvisors' in groups or 'supvisors' in names:
        checker.fail(where, 'the node lists its own event listener (Supvisors does not list itself)')
    for group in groups:
        if group not in names:
            checker.fail(where, 'application %r of a process is not in get_all_applications_info' % group)
    for group, members in groups.items():
        if len(set(members)) != len(members):
            checker.fail(where, 'duplicate processes in %s: %s' % (group, members))
        for name in members:
            spec = namespec(group, name)
            where = '%s get_process_info(%r)' % (url, spec)
            result = supvisors.get_process_info(spec)
            if type(result) is not list or len(result) != 1:
                checker.fail(where, 'array of one struct expected, got %r' % (result,))
            elif checker.process_struct(where, result[0], identifiers):
                if (result[0]['application_name'], result[0]['process_name']) != (group, name):
                    checker.fail(where, 'wrong process %r' % result[0])
            # 4.6 rules
            where = '%s get_process_rules(%r)' % (url, spec)
            rules = supvisors.get_process_rules(spec)
            if type(rules) is not list or len(rules) != 1:
                checker.fail(where, 'array of one struct expected, got %r' % (rules,))
            elif checker.struct(where, rules[0], PROCESS_RULES_KEYS):
                rule = rules[0]
                checker.strings(where + ' identifiers', rule['identifiers'])
                checker.enum(where, rule, 'starting_failure_strategy', STARTING_FAILURE_STRATEGIES)
                checker.enum(where, rule, 'running_failure_strategy', RUNNING_FAILURE_STRATEGIES)
                if not 0 <= rule['expected_loading'] <= 100:
                    checker.fail(where, 'expected_loading %r out of 0..100' % rule['expected_loading'])
                if (rule['application_name'], rule['process_name']) != (group, name):
                    checker.fail(where, 'wrong process %r' % rule)
        where = '%s get_process_info(%r)' % (url, group + ':*')
        result = supvisors.get_process_info(group + ':*')
        if type(result) is not list or sorted(p.get('process_name') for p in result) != sorted(members):
            checker.fail(where, 'processes %s expected, got %r' % (sorted(members), result))
        where = '%s get_process_rules(%r)' % (url, group + ':*')
        result = supvisors.get_process_rules(group + ':*')
        if type(result) is not list or sorted(p.get('process_name') for p in result) != sorted(members):
            checker.fail(where, 'rules of %s expected, got %r' % (sorted(members), result))

    # conflicts: 4.5 structs of managed processes running on more than one instance
    where = url + ' get_conflicts'
    conflicts = supvisors.get_conflicts()
    conflicts = checker.array(where, conflicts)
    for info in conflicts:
        item = '%s[%s:%s]' % (where, info.get('application_name'), info.get('process_name'))
        if checker.process_struct(item, info, identifiers):
            if len(info['identifiers']) < 2:
                checker.fail(item, 'a conflict runs on more than one instance')
            if info['application_name'] in unmanaged:
                checker.fail(item, 'unmanaged applications have no conflict')

    # 4.7 local processes
    where = url + ' get_all_local_process_info'
    local = supvisors.get_all_local_process_info()
    local = checker.array(where, local)
    for info in local:
        item = '%s[%s:%s]' % (where, info.get('group'), info.get('name'))
        if checker.struct(item, info, LOCAL_PROCESS_KEYS):
            if PROCESS_STATES.get(info['state']) != info['statename']:
                checker.fail(item, 'state=%r does not match statename=%r' % (info['state'], info['statename']))
            if info['expected'] is not (info['spawnerr'] == ''):
                checker.fail(item, 'expected must be "not spawnerr"')
            if info['process_index'] < 0:
                checker.fail(item, 'negative process_index')
            if info['group'] not in groups or info['name'] not in groups[info['group']]:
                checker.fail(item, 'local process missing from get_all_process_info')
            spec = '%s:%s' % (info['group'], info['name'])
            single = supvisors.get_local_process_info(spec)
            if checker.struct('%s get_local_process_info(%r)' % (url, spec), single, LOCAL_PROCESS_KEYS):
                if (single['group'], single['name']) != (info['group'], info['name']):
                    checker.fail('%s get_local_process_info(%r)' % (url, spec), 'wrong process %r' % single)

    # 5.1 BAD_NAME texts
    missing_app = 'BAD_NAME: application %s unknown to Supvisors' % UNKNOWN_APPLICATION
    for method in ('get_application_info', 'get_application_rules'):
        checker.fault_text('%s %s(%r)' % (url, method, UNKNOWN_APPLICATION), 10, missing_app,
                           lambda m=method: getattr(supvisors, m)(UNKNOWN_APPLICATION))
    for method in ('get_process_info', 'get_process_rules'):
        for spec in (UNKNOWN_APPLICATION + ':x', UNKNOWN_APPLICATION + ':*', UNKNOWN_APPLICATION):
            checker.fault_text('%s %s(%r)' % (url, method, spec), 10, missing_app,
                               lambda m=method, s=spec: getattr(supvisors, m)(s))
        for group in list(groups)[:3]:
            spec = '%s:%s' % (group, UNKNOWN_PROCESS)
            text = 'BAD_NAME: process=%s unknown in application=%s' % (UNKNOWN_PROCESS, group)
            checker.fault_text('%s %s(%r)' % (url, method, spec), 10, text,
                               lambda m=method, s=spec: getattr(supvisors, m)(s))
    spec = UNKNOWN_APPLICATION + ':x'
    checker.fault_text('%s get_local_process_info(%r)' % (url, spec), 10, 'BAD_NAME: ' + spec,
                       lambda: supvisors.get_local_process_info(spec))
    check_arity(checker, url, supvisors)
    print('%s: %d application(s), %d process(es), %d conflict(s), %d local process(es) checked'
          % (url, len(names), len(processes), len(conflicts), len(local)))


def check_arity(checker, url, supvisors):
    """xmlrpc.md 1: a wrong number of parameters is INCORRECT_PARAMETERS (2), bare text, before any state guard."""
    calls = [('get_all_applications_info', ('x',)), ('get_application_info', ()),
             ('get_application_info', ('a', 'b')), ('get_application_rules', ()), ('get_all_process_info', ('x',)),
             ('get_process_info', ()), ('get_process_info', ('a', 'b')), ('get_process_rules', ()),
             ('get_conflicts', (1,)), ('get_all_local_process_info', ('x',)), ('get_local_process_info', ()),
             ('get_instance_info', ()), ('get_supvisors_state', ('x',))]
    for method, params in calls:
        checker.fault_text('%s %s%r' % (url, method, params), 2, 'INCORRECT_PARAMETERS',
                           lambda m=method, p=params: getattr(supvisors, m)(*p))


def check_initialization(checker, url):
    supvisors = xmlrpc.client.ServerProxy(url).supvisors
    state = supvisors.get_supvisors_state()
    if checker.struct(url + ' get_supvisors_state', state, STATE_KEYS) and state['fsm_statename'] != 'INITIALIZATION':
        checker.fail(url + ' get_supvisors_state', 'INITIALIZATION expected, got %r' % state['fsm_statename'])
        return
    text = FROM_DEPLOYMENT_TEXT % 'INITIALIZATION'
    # The guard comes before the parameter checks: unknown names still give 101.
    guarded = [('get_all_applications_info', ()), ('get_application_info', (UNKNOWN_APPLICATION,)),
               ('get_application_rules', (UNKNOWN_APPLICATION,)), ('get_all_process_info', ()),
               ('get_process_info', (UNKNOWN_APPLICATION + ':x',)), ('get_process_rules', ('x:*',)),
               ('get_conflicts', ())]
    for method, params in guarded:
        checker.fault_text('%s %s%r' % (url, method, params), 101, text,
                           lambda m=method, p=params: getattr(supvisors, m)(*p))
    # Unguarded: the local view answers in any state.
    local = supvisors.get_all_local_process_info()
    where = url + ' get_all_local_process_info'
    local = checker.array(where, local)
    for info in local:
        item = '%s[%s:%s]' % (where, info.get('group'), info.get('name'))
        checker.struct(item, info, LOCAL_PROCESS_KEYS)
    if local:
        spec = '%s:%s' % (local[0].get('group'), local[0].get('name'))
        checker.struct('%s get_local_process_info(%r)' % (url, spec), supvisors.get_local_process_info(spec),
                       LOCAL_PROCESS_KEYS)
    check_arity(checker, url, supvisors)
    print('%s: INITIALIZATION, %d guarded call(s), %d local process(es) checked' % (url, len(guarded), len(local)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--identifiers', default='', help='comma-separated identifiers expected everywhere')
    parser.add_argument('--managed', default='', help='comma-separated applications expected managed')
    parser.add_argument('--unmanaged', default='', help='comma-separated applications expected unmanaged')
    parser.add_argument('--initialization', action='store_true', help='nodes expected in INITIALIZATION')
    parser.add_argument('urls', nargs='+')
    args = parser.parse_args()
    split = lambda text: [i for i in text.split(',') if i]  # noqa: E731
    checker = ProcessChecker()
    for url in args.urls:
        try:
            if args.initialization:
                check_initialization(checker, url)
            else:
                check_node(checker, url, split(args.identifiers), split(args.managed), split(args.unmanaged))
        except (OSError, xmlrpc.client.Error) as error:
            checker.fail(url, 'call failed: %s' % error)
    for problem in checker.problems:
        print('MISMATCH ' + problem)
    print('%d node(s) checked, %d problem(s)' % (len(args.urls), len(checker.problems)))
    return 1 if checker.problems else 0


if __name__ == '__main__':
    sys.exit(main())
